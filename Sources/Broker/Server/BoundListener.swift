/// A listener once bound: its real port, and what its clients are told.
public struct BoundListener: Sendable, Equatable, CustomStringConvertible {
    public let name: String
    public let bound: SocketAddressSpec
    /// `advertised.listeners`' address for this name, or the bound one.
    public let advertised: SocketAddressSpec

    public var description: String {
        advertised == bound ? "\(name)://\(bound)" : "\(name)://\(bound) (advertised as \(advertised))"
    }
}
