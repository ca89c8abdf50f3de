/// IAM principals (clients authenticated with AWS_MSK_IAM): their policies
/// and the ACLs together, in this order (the gateway's choice; ACLs act as
/// resource-based policies would):
/// 1. network rules, as for every principal;
/// 2. an ACL super user (`super.users` naming the principal's ARN) is allowed;
/// 3. an explicit IAM Deny of the action, of a same-resource companion
///    (`IamAction.sameResourceCompanions`), or of Connect on the cluster denies;
/// 4. a DENY ACL for `User:<principalArn>` (or `User:*`) denies;
/// 5. the action, its same-resource companions on the same resource, and
///    Connect on the cluster, all allowed by IAM, allow;
/// 6. an ALLOW ACL for `User:<principalArn>` (or `User:*`) allows;
/// 7. otherwise denied. `allow.everyone.if.no.acl.found` never opens
///    anything to an IAM principal: it is Kafka's answer for principals that
///    ACLs alone govern.
extension Authorizer {
    public func authorize(iam subject: IamSubject, host: IPAddress, operation: AclOperation, resource: ResourceName, now: IamTimestamp)
        -> AuthorizationDecision
    {
        var admitting: NetworkRule?
        if resource.resourceType == .topic {
            switch networkRules.check(topic: resource.name, operation: operation, client: host) {
            case .denied(let rules): return AuthorizationDecision(allowed: false, reason: .networkRule(coveringRules: rules))
            case .allowed(let rule): admitting = rule
            case .notCovered: break
            }
        }
        func decided(_ allowed: Bool, _ reason: DecisionReason) -> AuthorizationDecision {
            AuthorizationDecision(allowed: allowed, reason: reason, admittingNetworkRule: admitting)
        }
        let acl = acls.authorize(user: subject.principalArn, host: host, operation: operation, resource: resource)
        if case .superUser = acl.reason { return decided(true, .superUser) }

        var iamAllow: DecisionReason?
        var missing: IamAction?
        let action = IamAction(operation: operation, resourceType: resource.resourceType)
        if let action {
            // The action and its same-resource companion in one pass over
            // the statements covering either; Connect after them (checked
            // in the order action, companion, Connect: the first Deny decides).
            let context = subject.context(host: host, now: now)
            let resourceArn = iam.arn(of: resource)
            let companion = action.sameResourceCompanion
            let decision: IamDecision, companionDecision: IamDecision?
            if let companion {
                (decision, companionDecision) = subject.policies.evaluate(action, companion, resourceArn: resourceArn, context: context)
            } else {
                decision = subject.policies.evaluate(action: action, resourceArn: resourceArn, context: context)
                companionDecision = nil
            }
            switch decision {
            case .explicitDeny(let policy, let statement):
                return decided(false, .iamDeny(policy: policy, statement: statement, action: action))
            case .allow(let policy, let statement): iamAllow = .iamAllow(policy: policy, statement: statement, action: action)
            case .implicitDeny: missing = action
            }
            if let companion, let companionDecision {
                switch companionDecision {
                case .explicitDeny(let policy, let statement):
                    return decided(false, .iamDeny(policy: policy, statement: statement, action: companion))
                case .allow: break
                case .implicitDeny: missing = missing ?? companion
                }
            }
            switch subject.policies.evaluate(action: .connect, resourceArn: iam.clusterArn, context: context) {
            case .explicitDeny(let policy, let statement):
                return decided(false, .iamDeny(policy: policy, statement: statement, action: .connect))
            case .allow: break
            case .implicitDeny: missing = missing ?? .connect
            }
        }
        if case .deniedByAcl(let binding) = acl.reason { return decided(false, .acl(binding)) }
        if missing == nil, let iamAllow { return decided(true, iamAllow) }
        if case .allowedByAcl(let binding) = acl.reason { return decided(true, .acl(binding)) }
        if let action, let missing { return decided(false, .iamDefaultDeny(action: missing, request: action)) }
        return decided(false, .iamNoAction(operation: operation, resourceType: resource.resourceType))
    }

    /// The gateway's check when an IAM principal authenticates (and when it
    /// re-authenticates): `kafka-cluster:Connect` on the cluster ARN. A super
    /// user is allowed; otherwise the policies decide (ACLs have no Connect
    /// operation, so a principal whose policies do not allow Connect cannot
    /// connect, whatever its ACLs). Network rules bind topics, not connections.
    public func allowsConnect(iam subject: IamSubject, host: IPAddress, now: IamTimestamp) -> AuthorizationDecision {
        if acls.authorize(user: subject.principalArn, host: host, operation: .describe, resource: .cluster).reason == .superUser {
            return AuthorizationDecision(allowed: true, reason: .superUser)
        }
        let context = subject.context(host: host, now: now)
        switch subject.policies.evaluate(action: .connect, resourceArn: iam.clusterArn, context: context) {
        case .allow(let policy, let statement):
            return AuthorizationDecision(allowed: true, reason: .iamAllow(policy: policy, statement: statement, action: .connect))
        case .explicitDeny(let policy, let statement):
            return AuthorizationDecision(allowed: false, reason: .iamDeny(policy: policy, statement: statement, action: .connect))
        case .implicitDeny:
            return AuthorizationDecision(allowed: false, reason: .iamDefaultDeny(action: .connect, request: nil))
        }
    }

    /// `authorize(iam:…)` for each operation the resource type supports.
    public func authorizedOperations(iam subject: IamSubject, host: IPAddress, resource: ResourceName, now: IamTimestamp) -> Set<AclOperation> {
        resource.resourceType.supportedOperations.filter {
            authorize(iam: subject, host: host, operation: $0, resource: resource, now: now).allowed
        }
    }

    /// Whether the principal may do `operation` on at least one resource of
    /// the type (KIP-679's IdempotentWrite fallback), in the order of `authorize(iam:…)`:
    /// super users: yes; an IAM Deny of the action or a same-resource
    /// companion for every ARN of the type, or of Connect: no; Connect
    /// allowed and `IamPolicySet.couldAllow` (an approximation, see there)
    /// for the action and each companion over every ARN of the type: yes;
    /// otherwise the ACLs' answer for `User:<principalArn>`
    /// (`AclAuthorizer.authorizeByResourceType`). Network rules are not
    /// asked, as for ACL principals.
    public func authorizeByResourceType(
        iam subject: IamSubject, host: IPAddress, operation: AclOperation, resourceType: AclResourceType, now: IamTimestamp
    ) -> Bool {
        if acls.authorize(user: subject.principalArn, host: host, operation: operation, resource: ResourceName(resourceType, "hardcode")).reason
            == .superUser
        {
            return true
        }
        if let action = IamAction(operation: operation, resourceType: resourceType) {
            let context = subject.context(host: host, now: now)
            let prefix = iam.arn(of: ResourceName(resourceType, ""))
            let reaches = ([action] + action.sameResourceCompanions).map { subject.policies.reach(of: $0, resourcePrefix: prefix, context: context) }
            let connect = subject.policies.evaluate(action: .connect, resourceArn: iam.clusterArn, context: context)
            if reaches.contains(.deniedEverywhere) { return false }
            if case .explicitDeny = connect { return false }
            if connect.isAllowed, reaches.allSatisfy({ $0 == .some }) { return true }
        }
        return acls.authorizeByResourceType(user: subject.principalArn, host: host, operation: operation, resourceType: resourceType)
    }
}
