/// The client address an ACL applies to: one IP address, or `*` for any.
/// Kafka compares the host text with the client's address text; comparing
/// parsed addresses instead makes `::ffff:10.0.0.1` and `10.0.0.1` (and
/// every spelling of one IPv6 address) the same host, and a host that is
/// not an IP address, which could never match, is refused when parsed.
public enum AclHost: Sendable, Hashable, Comparable, CustomStringConvertible {
    case any
    case address(IPAddress)

    public init?(parsing text: String) {
        if text == "*" {
            self = .any
        } else if let address = IPAddress(text) {
            self = .address(address.unmapped)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .any: "*"
        case .address(let address): address.description
        }
    }

    public func matches(_ client: IPAddress) -> Bool {
        switch self {
        case .any: true
        case .address(let address): address == client.unmapped
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.description < rhs.description }
}
