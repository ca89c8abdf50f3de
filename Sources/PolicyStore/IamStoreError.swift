/// Why the store refused or failed an IAM operation. A type of its own rather than more cases of
/// ``PolicyStoreError``, whose cases callers switch over exhaustively (the gateway's admin APIs).
/// Descriptions name users, roles, policies and access key ids, never a secret or a session token.
public enum IamStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A name IAM would refuse; the reason does not echo the name.
    case invalidName(String)
    case duplicateUser(String)
    case duplicateRole(String)
    case unknownUser(String)
    case unknownRole(String)
    case unknownAccessKey(String)
    /// The access key exists but belongs to someone other than the user named.
    case accessKeyNotOwned(accessKeyId: String, user: String)
    /// The user has as many access keys as IAM allows (two).
    case accessKeyLimit(user: String, limit: Int)
    case unknownSession(String)
    /// 1 second to 12 hours.
    case invalidSessionDuration(seconds: Int)
    case unknownPolicy(String)
    case invalidPolicyDocument(String)
    /// Removing a policy still attached needs `force`; lists where, as `user/NAME` or `role/NAME`.
    case policyAttached(policy: String, attachedTo: [String])
    case policyNotAttached(policy: String, target: String)
    /// The KMS that seals IAM secrets refused or failed (nothing was written); its reason names keys only.
    case kms(String)
    /// The store itself refused (the actor's name) or failed.
    case store(PolicyStoreError)

    public var description: String {
        switch self {
        case .invalidName(let reason): "invalid name: \(reason)"
        case .duplicateUser(let name): "IAM user \(name) already exists"
        case .duplicateRole(let name): "IAM role \(name) already exists"
        case .unknownUser(let name): "no IAM user \(name)"
        case .unknownRole(let name): "no IAM role \(name)"
        case .unknownAccessKey(let id): "no access key \(Self.shown(id))"
        case .accessKeyNotOwned(let id, let user): "access key \(Self.shown(id)) does not belong to IAM user \(user)"
        case .accessKeyLimit(let user, let limit): "IAM user \(user) already has \(limit) access keys, the most it may have; delete one first"
        case .unknownSession(let id): "no session credentials \(Self.shown(id))"
        case .invalidSessionDuration(let seconds):
            "a session must last 1 second to 12 hours (43200 seconds), not \(seconds) seconds"
        case .unknownPolicy(let name): "no IAM policy \(Self.shown(name))"
        case .invalidPolicyDocument(let reason): "invalid IAM policy document: \(reason)"
        case .policyAttached(let policy, let targets):
            "IAM policy \(policy) is attached to \(targets.joined(separator: ", ")); detach it first, or remove it with force"
        case .policyNotAttached(let policy, let target): "IAM policy \(policy) is not attached to \(target)"
        case .kms(let reason): "the KMS that seals IAM secrets: \(reason)"
        case .store(let error): error.description
        }
    }

    /// An id or name as given, which may not have been checked: control characters become `?` and
    /// it is cut at 128 characters, so that it cannot reach a terminal or a log as anything else.
    private static func shown(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.prefix(128).map { $0.properties.generalCategory == .control ? "?" : $0 }))
    }
}
