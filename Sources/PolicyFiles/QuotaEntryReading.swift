import PolicyStore
import Yams

/// A `quotas:` entry: one user's or address's quota values, with Kafka's keys; it stands for one
/// value per key, as `authctl quota set` sets them.
///
///     - user: alice            # or user: <default>, ip: 10.0.0.1, ip: <default>
///       producer_byte_rate: 1048576
///       request_percentage: 50
enum QuotaEntryReading {
    static let keys = ["user", "ip"] + ClientQuotaKey.allCases.map(\.rawValue)

    static func read(_ node: Node, with reader: inout YAMLFieldReader) -> [Located<ClientQuota>] {
        guard let fields = reader.fields(of: node, what: "a quota", known: keys) else { return [] }
        let entity: ClientQuotaEntity?
        switch (fields["user"], fields["ip"]) {
        case (let user?, nil):
            entity = reader.parsed(user, key: "user") { text throws in ClientQuotaEntity.user(try userName(text)) }
        case (nil, let ip?):
            entity = reader.parsed(ip, key: "ip") { text throws in ClientQuotaEntity.ip(try address(text)) }
        default:
            reader.note("a quota names exactly one of 'user' (a user's name or <default>) or 'ip' (an address or <default>)", at: node)
            entity = nil
        }
        let given = ClientQuotaKey.allCases.compactMap { key in fields[key.rawValue].map { (key, $0) } }
        guard let entity else { return [] }
        if given.isEmpty {
            let allowed = entity.allowedKeys.map(\.rawValue).joined(separator: ", ")
            reader.note("a quota of \(entity) needs at least one value: \(allowed)", at: node)
            return []
        }
        var quotas: [Located<ClientQuota>] = []
        for (key, valueNode) in given {
            guard let value = reader.parsed(valueNode, key: key.rawValue, parse: QuotaNumberText.number) else { continue }
            let quota = ClientQuota(entity: entity, key: key, value: value)
            if let problem = quota.storageProblem {
                reader.note(problem, at: valueNode)
                continue
            }
            quotas.append(Located(value: quota, location: reader.location(of: valueNode)))
        }
        return quotas
    }

    /// A user's name, or nil for `<default>`, under the store's rules for names.
    private static func userName(_ text: String) throws -> String? {
        if text == ClientQuotaEntity.defaultName { return nil }
        if text.hasPrefix("User:") {
            throw PolicyFileFailure("give the name without User: ('\(text.dropFirst("User:".count))')")
        }
        if let problem = ClientQuotaEntity.user(text).nameProblem { throw PolicyFileFailure(problem) }
        return text
    }

    /// An address in the store's text, or nil for `<default>`.
    private static func address(_ text: String) throws -> String? {
        if text == ClientQuotaEntity.defaultName { return nil }
        guard let address = ClientQuotaEntity.canonicalAddress(text) else {
            throw PolicyFileFailure("'\(text)' is not an IPv4 or IPv6 address")
        }
        return address
    }
}
