import PolicyStore

/// How `quota list` prints quotas: a table with a row per value, or JSON with an object per entity.
enum QuotaListing {
    static func table(_ quotas: [ClientQuota]) -> String {
        TextTable.render(
            header: ["TYPE", "ENTITY", "KEY", "VALUE"],
            rows: quotas.map {
                [$0.entity.entityType, $0.entity.name ?? ClientQuotaEntity.defaultName, $0.key.rawValue, ClientQuota.text($0.value)]
            }
        )
    }

    /// `{"entityType": "user", "entityName": "alice", "values": {"producer_byte_rate": 1048576}}`;
    /// `entityName` is null for `<default>`, as Kafka's DescribeClientQuotas says it.
    struct Record: Encodable {
        let entityType: String
        let entityName: String?
        let values: [String: Double]

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(entityType, forKey: .entityType)
            try container.encode(entityName, forKey: .entityName)  // null, not absent, for <default>
            try container.encode(values, forKey: .values)
        }

        private enum CodingKeys: String, CodingKey {
            case entityType, entityName, values
        }
    }

    static func records(_ quotas: [ClientQuota]) -> [Record] {
        var records: [Record] = []
        for quota in quotas {
            if let last = records.last, last.entityType == quota.entity.entityType, last.entityName == quota.entity.name {
                var values = last.values
                values[quota.key.rawValue] = quota.value
                records[records.count - 1] = Record(entityType: last.entityType, entityName: last.entityName, values: values)
            } else {
                records.append(Record(entityType: quota.entity.entityType, entityName: quota.entity.name, values: [quota.key.rawValue: quota.value]))
            }
        }
        return records
    }
}
