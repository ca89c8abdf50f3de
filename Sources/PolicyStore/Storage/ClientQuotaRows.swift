import GRDB

/// Client quotas to and from rows of `client_quotas`; `<default>` is the empty name (see ``PolicySchemaV5``).
enum ClientQuotaRows {
    static let columns = "entity_type, entity_name, quota_key, value"

    static func entityArguments(_ entity: ClientQuotaEntity) -> StatementArguments {
        [entity.entityType, entity.name ?? ""]
    }

    /// Every stored quota, sorted; throws when any row does not read back as a quota the store would write.
    static func fetchAll(_ db: Database) throws -> [ClientQuota] {
        try Row.fetchAll(db, sql: "SELECT \(columns) FROM client_quotas").map(quota).sorted()
    }

    /// The quotas of exactly `entity`, by key.
    static func values(of entity: ClientQuotaEntity, in db: Database) throws -> [ClientQuotaKey: Double] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT \(columns) FROM client_quotas WHERE entity_type = ? AND entity_name = ?",
            arguments: entityArguments(entity)
        )
        return Dictionary(try rows.map(quota).map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    static func quota(_ row: Row) throws -> ClientQuota {
        let type = try row.decode(String.self, forColumn: "entity_type")
        let name = try row.decode(String.self, forColumn: "entity_name")
        guard let keyName = try? row.decode(String.self, forColumn: "quota_key"), let key = ClientQuotaKey(rawValue: keyName),
              let value = try? row.decode(Double.self, forColumn: "value")
        else {
            throw PolicyStoreError.corruptStore("a row of client_quotas has a key or value that the store would not write")
        }
        let entity: ClientQuotaEntity
        switch type {
        case "user": entity = .user(name.isEmpty ? nil : name)
        case "ip": entity = .ip(name.isEmpty ? nil : name)
        default: throw PolicyStoreError.corruptStore("a row of client_quotas has an entity type that the store would not write")
        }
        let quota = ClientQuota(entity: entity, key: key, value: value)
        if let problem = quota.problemForStore {
            throw PolicyStoreError.corruptStore("a row of client_quotas is one the store would refuse: \(problem)")
        }
        return quota
    }
}
