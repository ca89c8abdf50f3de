/// The policy documents attached to one principal (an IAM user's policies,
/// or a role's, for its sessions), by name, evaluated as IAM evaluates
/// identity-based policies in one account (IAM User Guide, "Policy
/// evaluation logic"): an explicit Deny in any applicable statement of any
/// policy wins; otherwise an applicable Allow allows; otherwise the request
/// is implicitly denied.
///
/// The patterns are compiled when documents are parsed; evaluation scans
/// the statements once, and stops at the first applicable Deny. Policy
/// sets are small (AWS caps a user at 10 managed policies of 6,144
/// characters), so nothing is indexed.
public struct IamPolicySet: Sendable, Hashable {
    public struct NamedPolicy: Sendable, Hashable {
        public let name: String
        public let document: IamPolicyDocument

        public init(name: String, document: IamPolicyDocument) {
            self.name = name
            self.document = document
        }
    }

    /// In the order given; the first applicable Allow (in this order) is the one a decision names.
    public let policies: [NamedPolicy]

    public init(_ policies: [NamedPolicy]) { self.policies = policies }

    public init(_ policies: [(name: String, document: IamPolicyDocument)]) {
        self.policies = policies.map { NamedPolicy(name: $0.name, document: $0.document) }
    }

    public static let empty = IamPolicySet([NamedPolicy]())

    public func evaluate(action: IamAction, resourceArn: String, context: IamRequestContext) -> IamDecision {
        var allowing: IamDecision?
        for policy in policies {
            for statement in policy.document.statements where statement.applies(action: action, resourceArn: resourceArn, context: context) {
                switch statement.effect {
                case .deny: return .explicitDeny(policy: policy.name, statement: statement.label)
                case .allow: allowing = allowing ?? .allow(policy: policy.name, statement: statement.label)
                }
            }
        }
        return allowing ?? .implicitDeny
    }
}
