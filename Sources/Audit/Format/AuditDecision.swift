/// The outcome of a decision, in Kafka's words.
public enum AuditDecision: String, CaseIterable, Hashable, Sendable {
    case allow = "ALLOW"
    case deny = "DENY"
}
