extension IamPolicySet {
    /// Whether the policies could allow `action` on SOME resource whose ARN
    /// starts with `resourcePrefix` (e.g. every topic ARN of the cluster):
    /// for `Authorizer.authorizeByResourceType` (KIP-679's "may this
    /// principal write to any topic?").
    ///
    /// An approximation, documented as such: true when some Allow statement
    /// whose conditions hold covers the action and has a Resource pattern
    /// that some ARN with the prefix could match (or a NotResource that does
    /// not exclude every such ARN), and no Deny whose conditions hold covers
    /// the action for every such ARN (`*`, or a `prefix*` the type's prefix
    /// begins with). A Deny of particular names is not weighed against an
    /// Allow of a pattern; the requests that follow are checked one
    /// resource at a time.
    public func couldAllow(action: IamAction, resourcePrefix: String, context: IamRequestContext) -> Bool {
        reach(of: action, resourcePrefix: resourcePrefix, context: context) == .some
    }

    enum Reach { case none, some, deniedEverywhere }

    /// `couldAllow`, telling "no Allow" from "a Deny covers every such ARN".
    func reach(of action: IamAction, resourcePrefix: String, context: IamRequestContext) -> Reach {
        var allowed = false
        for policy in policies {
            for statement in policy.document.statements
            where statement.coversAction(action) && statement.conditions.allSatisfy({ $0.holds(in: context) }) {
                switch (statement.effect, statement.resourceElement) {
                case (.deny, .resource):
                    if statement.resourcePatterns.contains(where: { $0.matchesEverything(startingWith: resourcePrefix) }) { return .deniedEverywhere }
                case (.deny, .notResource):
                    if !statement.resourcePatterns.contains(where: { $0.couldMatchSomething(startingWith: resourcePrefix) }) { return .deniedEverywhere }
                case (.allow, .resource):
                    if statement.resourcePatterns.contains(where: { $0.couldMatchSomething(startingWith: resourcePrefix) }) { allowed = true }
                case (.allow, .notResource):
                    if !statement.resourcePatterns.contains(where: { $0.matchesEverything(startingWith: resourcePrefix) }) { allowed = true }
                }
            }
        }
        return allowed ? .some : .none
    }
}
