/// An IAM principal as the authorizer sees it: its ARN (the IAM user's, or
/// the assumed-role session's), the policies attached to it (a user's, or
/// the role's), and the condition-key values fixed for its connection.
/// The per-request values (`aws:SourceIp`, `aws:CurrentTime`) are filled in
/// by `Authorizer.authorize(iam:…)` from the client's address and `now`.
public struct IamSubject: Sendable, Hashable {
    /// `arn:aws:iam::<account>:user/NAME` or
    /// `arn:aws:sts::<account>:assumed-role/ROLE/SESSION`; ACLs name the
    /// principal as `User:<principalArn>`.
    public let principalArn: String
    public let policies: IamPolicySet
    /// The condition keys known at authentication (principal ARN, username,
    /// account, secure transport).
    public let context: IamRequestContext

    public init(principalArn: String, policies: IamPolicySet, context: IamRequestContext) {
        self.principalArn = principalArn
        self.policies = policies
        self.context = context
    }

    /// Derives the principal keys from the ARN as AWS defines them:
    /// `aws:PrincipalArn` is the user's ARN, or for a role session the
    /// role's (`arn:aws:iam::<account>:role/ROLE`); `aws:username` is the
    /// user's friendly name (absent for a role session); `aws:PrincipalAccount`
    /// the ARN's account.
    public init(principalArn: String, policies: IamPolicySet, secureTransport: Bool = true) {
        let parts = principalArn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        var context = IamRequestContext(principalArn: principalArn, secureTransport: secureTransport)
        if parts.count == 6 {
            context.principalAccount = parts[4].isEmpty ? nil : parts[4]
            let path = parts[5].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            if parts[2] == "iam", path.first == "user", path.count >= 2 {
                context.username = path.last
            } else if parts[2] == "sts", path.first == "assumed-role", path.count == 3 {
                context.principalArn = "arn:\(parts[1]):iam::\(parts[4]):role/\(path[1])"
            }
        }
        self.init(principalArn: principalArn, policies: policies, context: context)
    }

    /// The request context for one request from `host` at `now`.
    func context(host: IPAddress, now: IamTimestamp) -> IamRequestContext {
        var context = context
        context.sourceIp = host
        context.currentTime = now
        return context
    }
}
