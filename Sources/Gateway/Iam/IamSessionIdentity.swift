import PolicyStore

/// Who an IAM-authenticated session is: the ARN that policies, ACLs and the
/// decision log name, and the access key it proved, which must stay enabled
/// for the session to go on.
struct IamSessionIdentity: Hashable, Sendable {
    let arn: String
    let accessKeyId: String
    let owner: IamKeyOwner
}
