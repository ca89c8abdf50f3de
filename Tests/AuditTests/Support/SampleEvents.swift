@testable import Audit

let sampleConnection = AuditConnection(id: "c-17", clientAddress: "192.0.2.10", clientPort: 51234, listener: "SASL_SSL")

/// An authorization decision on `topic`, numbered by `index` through the client port (to tell records apart).
func sampleDecision(_ index: Int = 0, principal: String = "User:alice", topic: String = "orders", decision: AuditDecision = .deny) -> AuditEvent {
    AuditEvent.authorization(
        connection: AuditConnection(id: "c-\(index)", clientAddress: "192.0.2.10", clientPort: 1024 + index, listener: "SASL_SSL"),
        principal: principal, mechanism: "SCRAM-SHA-512", request: AuditRequest(apiKey: 0, apiVersion: 9),
        resource: AuditResource(type: "Topic", name: topic), operation: "Write", decision: decision,
        rule: decision == .allow ? AuditRule(name: "acl:User:alice:Topic:LITERAL:orders:Write:ALLOW", description: "alice may write orders") : nil,
        reason: decision == .deny ? "no ACL matched" : nil
    )
}
