/// The values of the condition keys for one request: what the gateway knows
/// about the principal and the connection. A nil value is an absent key
/// (IAM's "not present in the request context").
public struct IamRequestContext: Sendable, Hashable {
    /// `aws:PrincipalArn`: the user's ARN, or for a role session the role's
    /// ARN (`arn:aws:iam::<account>:role/ROLE`), as AWS defines the key.
    public var principalArn: String?
    /// `aws:username`: an IAM user's name; absent for role sessions, as in AWS.
    public var username: String?
    /// `aws:userid`: the user's or session's unique id, when the store has one.
    public var userId: String?
    /// `aws:PrincipalAccount`.
    public var principalAccount: String?
    /// `aws:SourceIp`: the client's address as the gateway saw it.
    public var sourceIp: IPAddress?
    /// `aws:CurrentTime` and `aws:EpochTime`.
    public var currentTime: IamTimestamp?
    /// `aws:SecureTransport`: whether the connection is TLS.
    public var secureTransport: Bool?

    public init(
        principalArn: String? = nil, username: String? = nil, userId: String? = nil, principalAccount: String? = nil,
        sourceIp: IPAddress? = nil, currentTime: IamTimestamp? = nil, secureTransport: Bool? = nil
    ) {
        self.principalArn = principalArn
        self.username = username
        self.userId = userId
        self.principalAccount = principalAccount
        self.sourceIp = sourceIp
        self.currentTime = currentTime
        self.secureTransport = secureTransport
    }
}
