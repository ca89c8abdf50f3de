/// The policy documents attached to one principal (an IAM user's policies,
/// or a role's, for its sessions), by name, evaluated as IAM evaluates
/// identity-based policies in one account (IAM User Guide, "Policy
/// evaluation logic"): an explicit Deny in any applicable statement of any
/// policy wins; otherwise an applicable Allow allows; otherwise the request
/// is implicitly denied.
///
/// The statements are compiled and indexed by action when the set is made
/// (`IamPolicyIndex`): an evaluation looks only at the Denies, then the
/// Allows, that cover its action, and stops at the first that applies.
/// The gateway attaches up to a hundred policies to a role, so a plain
/// scan of every statement (what `evaluate` is specified as) would cost
/// microseconds per request.
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
    /// Derived from `policies`; not part of equality.
    let index: IamPolicyIndex

    public init(_ policies: [NamedPolicy]) {
        self.policies = policies
        index = IamPolicyIndex(policies)
    }

    public init(_ policies: [(name: String, document: IamPolicyDocument)]) {
        self.init(policies.map { NamedPolicy(name: $0.name, document: $0.document) })
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.index === rhs.index || lhs.policies == rhs.policies }
    public func hash(into hasher: inout Hasher) { hasher.combine(policies) }

    public static let empty = IamPolicySet([NamedPolicy]())

    /// An explicit Deny in any applicable statement wins (the first, in
    /// policy then statement order, is named); otherwise the first
    /// applicable Allow allows; otherwise the request is implicitly denied.
    public func evaluate(action: IamAction, resourceArn: String, context: IamRequestContext) -> IamDecision {
        index.evaluate(action, resourceArn, context)
    }

    /// `evaluate` of two actions on the same ARN (a request's action and its
    /// same-resource companion), in one pass over the statements covering either.
    public func evaluate(
        _ first: IamAction, _ second: IamAction, resourceArn: String, context: IamRequestContext
    ) -> (IamDecision, IamDecision) {
        index.evaluate(first, second, resourceArn, context)
    }
}
