import Authorization
import Foundation

/// What one session may do, asked by the authorization table while it
/// decides one request. Each distinct question is put to the authorizer once
/// and its decision kept for the decision log, however many partitions ask it.
struct RequestAccess {
    let authorizer: Authorizer
    let subject: Subject
    let host: IPAddress
    /// The request's time, for IAM conditions on `aws:CurrentTime`.
    let now: IamTimestamp
    private(set) var decisions: [AccessDecision] = []
    private var answered: [Question: Bool] = [:]

    /// Who asks: a user name that ACLs match (`ANONYMOUS` for an anonymous
    /// session), or an IAM principal, whose policies decide with the ACLs.
    enum Subject {
        case user(String)
        case iam(IamSubject)
    }

    private struct Question: Hashable {
        let operation: AclOperation
        let resource: ResourceName
    }

    init(authorizer: Authorizer, subject: Subject, host: IPAddress, now: Date) {
        self.authorizer = authorizer
        self.subject = subject
        self.host = host
        self.now = IamTimestamp(now)
    }

    init(authorizer: Authorizer, user: String, host: IPAddress) {
        self.init(authorizer: authorizer, subject: .user(user), host: host, now: Date())
    }

    /// `logIfDenied: false` is Kafka's choice for listings (all topics, all
    /// groups): what the principal may not see is left out, not a denial.
    mutating func allows(_ operation: AclOperation, _ resource: ResourceName, logIfDenied: Bool = true) -> Bool {
        let question = Question(operation: operation, resource: resource)
        if let known = answered[question] { return known }
        let decision = switch subject {
        case .user(let user): authorizer.authorize(user: user, host: host, operation: operation, resource: resource)
        case .iam(let iam): authorizer.authorize(iam: iam, host: host, operation: operation, resource: resource, now: now)
        }
        answered[question] = decision.allowed
        if decision.allowed || logIfDenied {
            decisions.append(AccessDecision(operation: operation, resource: resource, allowed: decision.allowed, reason: decision.reason))
        }
        return decision.allowed
    }

    /// Starts a new ledger (the answers stay known): for questions asked again when the response comes.
    mutating func forgetDecisions() {
        decisions.removeAll()
    }

    mutating func allows(_ operation: AclOperation, topic: String, logIfDenied: Bool = true) -> Bool {
        allows(operation, ResourceName(.topic, topic), logIfDenied: logIfDenied)
    }

    mutating func allows(_ operation: AclOperation, group: String) -> Bool {
        allows(operation, ResourceName(.group, group))
    }

    mutating func allows(_ operation: AclOperation, transactionalId: String) -> Bool {
        allows(operation, ResourceName(.transactionalId, transactionalId))
    }

    mutating func allowsOnCluster(_ operation: AclOperation, logIfDenied: Bool = true) -> Bool {
        allows(operation, .cluster, logIfDenied: logIfDenied)
    }

    /// Whether some resource of the type allows `operation` (KIP-679's test
    /// for an idempotent producer without IdempotentWrite on the cluster).
    func allowsAny(_ operation: AclOperation, of resourceType: AclResourceType) -> Bool {
        switch subject {
        case .user(let user):
            authorizer.authorizeByResourceType(user: user, host: host, operation: operation, resourceType: resourceType)
        case .iam(let iam):
            authorizer.authorizeByResourceType(iam: iam, host: host, operation: operation, resourceType: resourceType, now: now)
        }
    }

    /// Kafka's authorized-operations bit field for a resource (bit n = operation code n).
    func authorizedOperations(_ resource: ResourceName) -> Int32 {
        switch subject {
        case .user(let user): authorizer.authorizedOperations(user: user, host: host, resource: resource).kafkaBitField
        case .iam(let iam): authorizer.authorizedOperations(iam: iam, host: host, resource: resource, now: now).kafkaBitField
        }
    }
}
