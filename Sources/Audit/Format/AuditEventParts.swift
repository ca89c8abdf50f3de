/// The client connection a decision was made for.
public struct AuditConnection: Hashable, Sendable {
    /// The gateway's id for the connection, unique within the log.
    public var id: String
    public var clientAddress: String
    public var clientPort: Int
    /// The listener's name, e.g. `SASL_SSL`.
    public var listener: String

    public init(id: String, clientAddress: String, clientPort: Int, listener: String) {
        self.id = id
        self.clientAddress = clientAddress
        self.clientPort = clientPort
        self.listener = listener
    }
}

/// The Kafka request a decision was made for.
public struct AuditRequest: Hashable, Sendable {
    public var apiKey: Int16
    public var apiVersion: Int16

    public init(apiKey: Int16, apiVersion: Int16) {
        self.apiKey = apiKey
        self.apiVersion = apiVersion
    }
}

/// A resource in Kafka's words: type `Topic`, `Group`, `Cluster` or
/// `TransactionalId`, its name, and the pattern type `LITERAL` or `PREFIXED`.
public struct AuditResource: Hashable, Sendable {
    public var type: String
    public var name: String
    public var patternType: String

    public init(type: String, name: String, patternType: String = "LITERAL") {
        self.type = type
        self.name = name
        self.patternType = patternType
    }
}

/// The rule that decided: a stable name a query can look for (an ACL
/// binding, a policy statement id, a network rule) and a description for people.
public struct AuditRule: Hashable, Sendable {
    public var name: String
    public var description: String

    public init(name: String, description: String) {
        self.name = name
        self.description = description
    }
}

/// An administrative change and who made it.
public struct AuditAdminChange: Hashable, Sendable {
    /// Who made it: the client's principal for the Kafka admin APIs, the operating-system user (or `--actor`) for `authctl`.
    public var actor: String
    /// What was done, e.g. `acl-create`, `user-add`, `scram-set`.
    public var action: String
    /// What it was done to, e.g. `User:alice`.
    public var subject: String
    /// The change's parameters as a JSON object, e.g. `{"mechanism":"SCRAM-SHA-512"}`; never a secret.
    public var details: String
    /// Where it came from: `authctl`, or the Kafka API, e.g. `CreateAcls`.
    public var source: String
    /// The policy store's id of the change, when it was read from there: resuming after the last one logged skips none.
    public var changeId: Int64?

    public init(actor: String, action: String, subject: String, details: String, source: String, changeId: Int64? = nil) {
        self.actor = actor
        self.action = action
        self.subject = subject
        self.details = details
        self.source = source
        self.changeId = changeId
    }
}
