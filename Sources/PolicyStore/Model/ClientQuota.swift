/// Whom a client quota applies to, as Kafka's quota entities: a `user`
/// (a principal's name, without `User:`), or an `ip` address; nil is
/// `<default>`, which applies to each user (or address) that has no value
/// of its own for the same key — to each separately, never shared.
public enum ClientQuotaEntity: Sendable, Hashable, Comparable, CustomStringConvertible {
    case user(String?)
    case ip(String?)

    /// Kafka's entity type name (`DescribeClientQuotas` / `AlterClientQuotas`).
    public var entityType: String {
        switch self {
        case .user: "user"
        case .ip: "ip"
        }
    }

    /// The name, or nil for `<default>`.
    public var name: String? {
        switch self {
        case .user(let name), .ip(let name): name
        }
    }

    /// The keys this kind of entity may carry (as Kafka: byte rates and
    /// request percentage for users, connection creation rate for addresses).
    public var allowedKeys: [ClientQuotaKey] {
        switch self {
        case .user: [.producerByteRate, .consumerByteRate, .requestPercentage]
        case .ip: [.connectionCreationRate]
        }
    }

    /// `user=alice`, `user=<default>`, `ip=10.0.0.1`.
    public var description: String { "\(entityType)=\(name ?? "<default>")" }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        // `<default>` first within a type, then names in order.
        (lhs.entityType, lhs.name == nil ? 0 : 1, lhs.name ?? "") < (rhs.entityType, rhs.name == nil ? 0 : 1, rhs.name ?? "")
    }
}

/// A quota's key, Kafka's names.
public enum ClientQuotaKey: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Bytes per second a user may produce (the records sent, summed over its connections).
    case producerByteRate = "producer_byte_rate"
    /// Bytes per second a user may fetch.
    case consumerByteRate = "consumer_byte_rate"
    /// Percent of one gateway event loop's time a user's requests may take.
    case requestPercentage = "request_percentage"
    /// New connections per second from an address.
    case connectionCreationRate = "connection_creation_rate"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Why `value` cannot be this key's, or nil. Rates are whole numbers (Kafka
    /// keeps byte and connection rates as integers); all are above zero.
    public func problem(with value: Double) -> String? {
        guard value.isFinite, value > 0 else { return "\(rawValue) must be above zero, not \(value)" }
        switch self {
        case .producerByteRate, .consumerByteRate, .connectionCreationRate:
            guard value == value.rounded(), value <= 9_007_199_254_740_992 else {
                return "\(rawValue) must be a whole number, not \(value)"
            }
        case .requestPercentage:
            break
        }
        return nil
    }
}

/// One stored quota value.
public struct ClientQuota: Sendable, Hashable, Comparable {
    public let entity: ClientQuotaEntity
    public let key: ClientQuotaKey
    public let value: Double

    public init(entity: ClientQuotaEntity, key: ClientQuotaKey, value: Double) {
        self.entity = entity
        self.key = key
        self.value = value
    }

    /// Why the store would refuse this quota, or nil.
    public var storageProblem: String? {
        guard entity.allowedKeys.contains(key) else {
            return "\(key.rawValue) is not a quota of \(entity.entityType) entities; give \(entity.allowedKeys.map(\.rawValue).joined(separator: ", "))"
        }
        if let name = entity.name, name.isEmpty { return "an entity name is empty; use <default> for the default" }
        return key.problem(with: value)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.entity, lhs.key) < (rhs.entity, rhs.key)
    }
}

/// Every quota of a snapshot, resolved as Kafka does: per key, a user's own
/// value, else `<default>`'s.
public struct ClientQuotas: Sendable, Equatable {
    public let all: [ClientQuota]
    private let values: [ClientQuotaEntity: [ClientQuotaKey: Double]]

    public init(_ quotas: [ClientQuota]) {
        all = quotas.sorted()
        var values: [ClientQuotaEntity: [ClientQuotaKey: Double]] = [:]
        for quota in all { values[quota.entity, default: [:]][quota.key] = quota.value }
        self.values = values
        limitsUsers = all.contains { if case .user = $0.entity { true } else { false } }
    }

    public static let empty = ClientQuotas([])

    public var isEmpty: Bool { all.isEmpty }

    /// Whether any user quota is set, so a gateway without them does no per-request accounting.
    public let limitsUsers: Bool

    /// The limit `key` puts on the user `name`, or nil when it has none.
    public func limit(_ key: ClientQuotaKey, user name: String) -> Double? {
        values[.user(name)]?[key] ?? values[.user(nil)]?[key]
    }

    /// New connections per second allowed from `address` (its text form), or nil.
    public func connectionCreationRate(address: String) -> Double? {
        values[.ip(address)]?[.connectionCreationRate] ?? values[.ip(nil)]?[.connectionCreationRate]
    }

    /// The values set for exactly `entity`.
    public func values(of entity: ClientQuotaEntity) -> [ClientQuotaKey: Double] {
        values[entity] ?? [:]
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.all == rhs.all }
}
