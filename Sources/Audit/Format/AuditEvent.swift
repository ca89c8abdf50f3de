/// Something the gateway decided, as it hands it to the log: one record
/// without its place in the chain. Made with `authentication`,
/// `authorization` or `adminChange`; checkpoints are the log's own.
///
/// Holds no secret by construction: there is no field for a password, a
/// token, a signature or key material, and none may be added (a test lists
/// the fields a record may have).
public struct AuditEvent: Hashable, Sendable {
    public internal(set) var time: AuditTime
    public internal(set) var kind: AuditRecordKind
    public internal(set) var connection: AuditConnection?
    /// `User:NAME`; for a failed authentication, the name the client gave, if
    /// any. Not set for admin changes: `change.actor` says who made them.
    public internal(set) var principal: String?
    /// `SCRAM-SHA-512`, `AWS_MSK_IAM`, `SSL` (client certificate), `ANONYMOUS`, …
    public internal(set) var mechanism: String?
    public internal(set) var request: AuditRequest?
    public internal(set) var resource: AuditResource?
    /// The ACL operation, e.g. `Read`, `Write`, `Describe`.
    public internal(set) var operation: String?
    public internal(set) var decision: AuditDecision?
    public internal(set) var rule: AuditRule?
    /// Why, where no rule says it: a failed authentication's reason, "no ACL matched".
    public internal(set) var reason: String?
    public internal(set) var change: AuditAdminChange?

    init(
        time: AuditTime, kind: AuditRecordKind, connection: AuditConnection? = nil, principal: String? = nil,
        mechanism: String? = nil, request: AuditRequest? = nil, resource: AuditResource? = nil, operation: String? = nil,
        decision: AuditDecision? = nil, rule: AuditRule? = nil, reason: String? = nil, change: AuditAdminChange? = nil
    ) {
        self.time = time
        self.kind = kind
        self.connection = connection
        self.principal = principal
        self.mechanism = mechanism
        self.request = request
        self.resource = resource
        self.operation = operation
        self.decision = decision
        self.rule = rule
        self.reason = reason
        self.change = change
    }
}

extension AuditEvent {
    /// An authentication attempt: `decision` ALLOW when it succeeded, DENY with
    /// `reason` (never the secret the client sent) when it did not.
    public static func authentication(
        connection: AuditConnection, principal: String?, mechanism: String, decision: AuditDecision,
        reason: String? = nil, request: AuditRequest? = nil, time: AuditTime = .now()
    ) -> AuditEvent {
        AuditEvent(
            time: time, kind: .authentication, connection: connection, principal: principal, mechanism: mechanism,
            request: request, decision: decision, reason: reason
        )
    }

    /// One authorization decision: a principal's operation on a resource in a request.
    public static func authorization(
        connection: AuditConnection, principal: String, mechanism: String?, request: AuditRequest,
        resource: AuditResource, operation: String, decision: AuditDecision, rule: AuditRule?,
        reason: String? = nil, time: AuditTime = .now()
    ) -> AuditEvent {
        AuditEvent(
            time: time, kind: .authorization, connection: connection, principal: principal, mechanism: mechanism,
            request: request, resource: resource, operation: operation, decision: decision, rule: rule, reason: reason
        )
    }

    /// An administrative change; `connection` and `request` when it came through the Kafka admin APIs.
    public static func adminChange(
        _ change: AuditAdminChange, connection: AuditConnection? = nil, request: AuditRequest? = nil,
        resource: AuditResource? = nil, time: AuditTime = .now()
    ) -> AuditEvent {
        AuditEvent(
            time: time, kind: .adminChange, connection: connection, request: request, resource: resource, change: change
        )
    }
}
