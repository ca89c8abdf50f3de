/// What a principal's policies say about one action on one resource, with
/// the statement that decided (for Allow and explicit Deny).
public enum IamDecision: Sendable, Hashable, CustomStringConvertible {
    /// An Allow statement applies and no Deny does.
    case allow(policy: String, statement: String)
    /// A Deny statement applies (whatever Allows apply too).
    case explicitDeny(policy: String, statement: String)
    /// No statement applies: IAM's implicit deny.
    case implicitDeny

    public var isAllowed: Bool {
        if case .allow = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .allow(let policy, let statement): "allowed by policy \(policy) statement \(statement)"
        case .explicitDeny(let policy, let statement): "explicitly denied by policy \(policy) statement \(statement)"
        case .implicitDeny: "no statement allows it (implicit deny)"
        }
    }
}
