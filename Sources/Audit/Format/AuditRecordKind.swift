/// What a record is about; the `kind` field of every line.
public enum AuditRecordKind: String, CaseIterable, Hashable, Sendable {
    /// A client's authentication attempt, successful or not.
    case authentication
    /// An authorization decision on one operation on one resource.
    case authorization
    /// A change to principals, credentials, ACLs, rules or policies, by the Kafka admin APIs or `authctl`.
    case adminChange = "admin-change"
    /// Written by the log itself: a MAC over the chain so far.
    case checkpoint
}
