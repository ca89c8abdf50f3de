import GRDB

extension PolicyStore {
    /// Recorded changes with an id greater than `id`, oldest first, at most `limit` of them.
    /// Read-only: the record is append-only and the store offers no way to alter it.
    public func adminChanges(after id: Int64 = 0, limit: Int = 1000) throws(PolicyStoreError) -> [AdminChange] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT id, at, actor, action, subject, details FROM admin_changes WHERE id > ? ORDER BY id LIMIT ?",
                arguments: [id, limit]
            ).map { row in
                AdminChange(
                    id: try row.decode(Int64.self, forColumn: "id"),
                    at: try Timestamp.parse(try row.decode(String.self, forColumn: "at")),
                    actor: try row.decode(String.self, forColumn: "actor"),
                    action: AdminAction(rawValue: try row.decode(String.self, forColumn: "action")),
                    subject: try row.decode(String.self, forColumn: "subject"),
                    details: try row.decode(String.self, forColumn: "details")
                )
            }
        }
    }
}
