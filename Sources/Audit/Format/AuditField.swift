/// Every key a line of the log may have, in the order they are written.
/// A fixed order (not a dictionary's) makes the encoding of a record one
/// byte sequence, so that its hash can be recomputed by anyone.
enum AuditField: String, CaseIterable, CodingKey {
    case seq, prev, time, kind
    case connection, client, clientPort, listener
    case principal, mechanism
    case apiKey, apiVersion
    case resourceType, resourceName, patternType
    case operation, decision, rule, ruleDescription, reason
    case actor, action, subject, details, source, changeId
    case dropped, mac
}
