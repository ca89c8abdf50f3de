/// A record with the line it was read from.
public struct AuditEntry: Sendable {
    public let line: AuditLine
    public let record: AuditRecord
}
