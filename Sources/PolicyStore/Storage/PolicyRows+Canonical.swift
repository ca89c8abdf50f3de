import GRDB

extension PolicyRows {
    /// The value in `column`, read strictly: it must parse and be exactly the text the store writes
    /// for that value. A looser reading would let two spellings of one ACL or rule coexist, and an
    /// unreadable row must fail the read rather than be skipped (see ``PolicySnapshot/acls``).
    /// The error names the column but not its value, which could hold anything.
    static func canonical<Value: CustomStringConvertible>(
        _ row: Row, _ column: String, of table: String, _ parse: (String) -> Value?
    ) throws -> Value {
        let stored = try row.decode(String.self, forColumn: column)
        guard let value = parse(stored), value.description == stored else {
            throw PolicyStoreError.corruptStore("a row of \(table) has a value in its \(column) column that the store would not write")
        }
        return value
    }
}
