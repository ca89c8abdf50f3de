import Authorization
import NIOCore

extension IPAddress {
    /// The IP address of a socket address; nil for a Unix domain socket.
    public init?(_ socketAddress: SocketAddress) {
        switch socketAddress {
        case .v4(let address):
            self = .v4(UInt32(bigEndian: address.address.sin_addr.s_addr))
        case .v6(let address):
            self = .v6(Self.number(fromNetworkBytes: address.address.sin6_addr))
        case .unixDomainSocket:
            return nil
        }
    }
}
