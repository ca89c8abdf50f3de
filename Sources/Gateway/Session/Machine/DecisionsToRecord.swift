import Authorization
import KafkaProtocol

/// Authorization decisions made for one request, for the decision log: every
/// DENY, and each ALLOW the first time this connection is allowed that
/// operation on that resource (every ALLOW when so configured).
struct DecisionsToRecord: Equatable {
    let principal: SessionPrincipal
    /// How the session authenticated (`Session.mechanismName`).
    let mechanism: String
    let apiKey: KafkaApiKey
    let apiVersion: Int16
    let decisions: [AccessDecision]
}

/// An authentication attempt for the decision log: who (as claimed, for a
/// failure), how, and for a failure why — never a credential.
struct AuthenticationToRecord: Equatable {
    let principal: String?
    let mechanism: String
    let succeeded: Bool
    let reason: String?
}

/// The ALLOWs a connection has already recorded. Bounded: past the limit it
/// starts afresh, recording some ALLOWs again rather than growing.
struct RecordedAllows {
    static let limit = 4096
    private var seen: Set<Key> = []

    private struct Key: Hashable {
        let operation: AclOperation
        let resource: ResourceName
    }

    /// The decisions worth recording: DENYs, and ALLOWs not recorded before unless `everyAllow`.
    mutating func worthRecording(_ decisions: [AccessDecision], everyAllow: Bool) -> [AccessDecision] {
        decisions.filter { decision in
            guard decision.allowed, !everyAllow else { return true }
            if seen.count >= Self.limit { seen.removeAll(keepingCapacity: true) }
            return seen.insert(Key(operation: decision.operation, resource: decision.resource)).inserted
        }
    }
}
