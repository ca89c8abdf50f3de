import GRDB

/// One key of one entity changed: set (`old` nil when it had no value), changed, or removed (`new` nil).
public struct ClientQuotaChange: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let entity: ClientQuotaEntity
    public let key: ClientQuotaKey
    public let old: Double?
    public let new: Double?

    public init(entity: ClientQuotaEntity, key: ClientQuotaKey, old: Double?, new: Double?) {
        self.entity = entity
        self.key = key
        self.old = old
        self.new = new
    }

    /// `user=alice producer_byte_rate: 1048576 → 2097152` (`(none)` for no value).
    public var description: String {
        "\(entity) \(key.rawValue): \(old.map(ClientQuota.text) ?? "(none)") → \(new.map(ClientQuota.text) ?? "(none)")"
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.entity, lhs.key) < (rhs.entity, rhs.key) }
}

extension ClientQuota {
    /// A value as Kafka's tools print it: whole numbers without a fraction (`1048576`), others as Swift prints doubles (`12.5`).
    public static func text(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

extension PolicyStore {
    /// Sets `values` (any number of keys of one entity) and removes `removing`, in one transaction: every
    /// change or none. Each key whose value changes is recorded as `quota.set` (entity, key, old and new
    /// value) or `quota.remove`; a value set to what it is already, or a key removed that has no value, is
    /// no change (as Kafka's AlterClientQuotas) and records nothing. A quota may name a user the store
    /// does not hold, as Kafka's may: it applies once that user connects. Returns the changes made, sorted.
    @discardableResult
    public func alterQuotas(
        of entity: ClientQuotaEntity, setting values: [ClientQuotaKey: Double], removing: Set<ClientQuotaKey> = [], actor: String
    ) throws(PolicyStoreError) -> [ClientQuotaChange] {
        try PrincipalName.validateActor(actor)
        try Self.validateQuotas(of: entity, setting: values, removing: removing)
        let now = Timestamp.now().text
        return try write { db in try Self.alterQuotas(of: entity, setting: values, removing: removing, in: db, at: now, actor: actor) }
    }

    /// Sets one or more keys of `entity` in one transaction (see ``alterQuotas(of:setting:removing:actor:)``).
    @discardableResult
    public func setQuotas(_ values: [ClientQuotaKey: Double], of entity: ClientQuotaEntity, actor: String) throws(PolicyStoreError) -> [ClientQuotaChange] {
        try alterQuotas(of: entity, setting: values, actor: actor)
    }

    /// Removes `keys` of `entity`, or all of its keys when `keys` is nil, in one transaction; each removal is
    /// recorded as `quota.remove`. Keys without a value are no change. Returns the removals, sorted.
    @discardableResult
    public func removeQuotas(_ keys: Set<ClientQuotaKey>? = nil, of entity: ClientQuotaEntity, actor: String) throws(PolicyStoreError) -> [ClientQuotaChange] {
        try alterQuotas(of: entity, setting: [:], removing: keys ?? Set(entity.allowedKeys), actor: actor)
    }

    /// Every quota, or those of exactly `entity`, sorted (`<default>` first within a type).
    public func listQuotas(of entity: ClientQuotaEntity? = nil) throws(PolicyStoreError) -> [ClientQuota] {
        if let entity, let problem = entity.nameProblem { throw .invalidClientQuota(problem) }
        return try read { db in
            let all = try ClientQuotaRows.fetchAll(db)
            guard let entity else { return all }
            return all.filter { $0.entity == entity }
        }
    }

    /// Throws ``PolicyStoreError/invalidClientQuota(_:)`` with the first thing ``alterQuotas(of:setting:removing:actor:)``
    /// would refuse, checking without writing (AlterClientQuotas' `validate_only`).
    public static func validateQuotas(
        of entity: ClientQuotaEntity, setting values: [ClientQuotaKey: Double], removing: Set<ClientQuotaKey> = []
    ) throws(PolicyStoreError) {
        if let problem = entity.nameProblem { throw .invalidClientQuota(problem) }
        for key in values.keys.sorted() where removing.contains(key) {
            throw .invalidClientQuota("\(key.rawValue) is both set and removed for \(entity)")
        }
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            if let problem = ClientQuota(entity: entity, key: key, value: value).storageProblem { throw .invalidClientQuota(problem) }
        }
        for key in removing.sorted() where !entity.allowedKeys.contains(key) {
            throw .invalidClientQuota(
                "\(key.rawValue) is not a quota of \(entity.entityType) entities; give \(entity.allowedKeys.map(\.rawValue).joined(separator: ", "))"
            )
        }
    }

    static func alterQuotas(
        of entity: ClientQuotaEntity, setting values: [ClientQuotaKey: Double], removing: Set<ClientQuotaKey>,
        in db: Database, at: String, actor: String
    ) throws -> [ClientQuotaChange] {
        let current = try ClientQuotaRows.values(of: entity, in: db)
        var changes: [ClientQuotaChange] = []
        for key in removing.sorted() {
            guard let old = current[key] else { continue }
            try db.execute(
                sql: "DELETE FROM client_quotas WHERE entity_type = ? AND entity_name = ? AND quota_key = ?",
                arguments: ClientQuotaRows.entityArguments(entity) + [key.rawValue]
            )
            try AdminChangeLog.append(
                db, at: at, actor: actor, action: .quotaRemove, subject: entity.description,
                details: ["key": .string(key.rawValue), "old": .number(old)]
            )
            changes.append(ClientQuotaChange(entity: entity, key: key, old: old, new: nil))
        }
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            let old = current[key]
            guard old != value else { continue }
            try db.execute(
                sql: """
                    INSERT INTO client_quotas (\(ClientQuotaRows.columns)) VALUES (?, ?, ?, ?)
                    ON CONFLICT (entity_type, entity_name, quota_key) DO UPDATE SET value = excluded.value
                    """,
                arguments: ClientQuotaRows.entityArguments(entity) + [key.rawValue, value]
            )
            var details: [String: AdminChangeLog.Detail] = ["key": .string(key.rawValue), "new": .number(value)]
            if let old { details["old"] = .number(old) }
            try AdminChangeLog.append(db, at: at, actor: actor, action: .quotaSet, subject: entity.description, details: details)
            changes.append(ClientQuotaChange(entity: entity, key: key, old: old, new: value))
        }
        return changes.sorted()
    }
}
