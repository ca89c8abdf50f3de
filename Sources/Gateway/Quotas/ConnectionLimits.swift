import Authorization

/// Bounds on connections, checked as they are accepted (and, per principal,
/// as they authenticate). Kafka's names where Kafka has one; nil is no bound.
public struct ConnectionLimits: Sendable, Equatable {
    /// `max.connections`: open connections on the whole gateway.
    public var maximum: Int?
    /// `listener.name.NAME.max.connections`, by listener name (upper case).
    public var perListener: [String: Int] = [:]
    /// `max.connections.per.ip`: open connections from one address.
    public var perAddress: Int?
    /// `max.connections.per.ip.overrides`: `ADDRESS:N,…`, replacing `perAddress` for those addresses.
    public var perAddressOverrides: [IPAddress: Int] = [:]
    /// `max.connections.per.cidr`: `CIDR:N,…`, open connections from all the block's addresses together.
    public var perBlock: [BlockLimit] = []
    /// `max.connections.per.principal`: authenticated connections of one principal.
    public var perPrincipal: Int?
    /// `max.connection.creation.rate`: new connections per second on each
    /// listener (a second's worth may come at once). MSK's IAM listener
    /// allows 20 per broker; this gateway's default is far higher.
    public var creationRate: Double = 10_000
    /// `listener.name.NAME.max.connection.creation.rate`.
    public var creationRatePerListener: [String: Double] = [:]

    public struct BlockLimit: Sendable, Equatable {
        public let block: CIDRBlock
        public let maximum: Int
    }

    public init() {}

    func maximum(forAddress address: IPAddress) -> Int? {
        perAddressOverrides[address] ?? perAddress
    }

    func creationRate(forListener name: String) -> Double {
        creationRatePerListener[name] ?? creationRate
    }
}
