import Audit
import Authorization
import Logging
import Synchronization

/// Decisions leave the connection here, for the decision log: every
/// authentication attempt and the authorization decisions the machine
/// chose to record. DENYs are also noted in the service log at info, as
/// Kafka's authorizer logger does.
extension ClientConnectionHandler {
    private static let connectionNumbers = Atomic<UInt64>(0)

    /// How the decision log names this connection: a gateway-wide number, the client's address and port, the listener.
    static func auditConnection(clientAddress: IPAddress, port: Int?, listener: String) -> AuditConnection {
        let number = connectionNumbers.add(1, ordering: .relaxed).newValue
        return AuditConnection(id: "c-\(number)", clientAddress: "\(clientAddress)", clientPort: port ?? 0, listener: listener)
    }

    func record(_ recorded: DecisionsToRecord) {
        let request = AuditRequest(apiKey: recorded.apiKey.rawValue, apiVersion: recorded.apiVersion)
        for decision in recorded.decisions {
            listener.decisionLog?.append(.authorization(
                connection: auditConnection, principal: "\(recorded.principal)", mechanism: recorded.mechanism, request: request,
                resource: AuditResource(type: "\(decision.resource.resourceType)", name: decision.resource.name),
                operation: "\(decision.operation)", decision: decision.allowed ? .allow : .deny,
                rule: AuditRule(name: decision.reason.machineName, description: decision.reason.description)
            ))
            guard !decision.allowed else { continue }
            logger.info("authorization denied", metadata: [
                "api": "\(recorded.apiKey.name)", "version": "\(recorded.apiVersion)", "operation": "\(decision.operation)",
                "resource": "\(decision.resource)", "rule": "\(decision.reason.machineName)",
            ])
        }
    }

    func record(_ attempt: AuthenticationToRecord) {
        listener.decisionLog?.append(.authentication(
            connection: auditConnection, principal: attempt.principal, mechanism: attempt.mechanism,
            decision: attempt.succeeded ? .allow : .deny, reason: attempt.reason
        ))
    }
}
