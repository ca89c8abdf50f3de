import Authentication
import Authorization
import Crypto
import Foundation
import PolicyStore

/// The IAM side of one policy snapshot, as sessions use it: each access key
/// with its opened secret, the identity it proves (an ARN), and the policies
/// attached to that identity, parsed once per snapshot.
struct IamIdentities: Sendable {
    struct AccessKey: Sendable {
        /// nil when the secret could not be opened: the key authenticates no one.
        let material: IamKeyMaterial?
        let identity: IamSessionIdentity
    }

    private let keys: [String: AccessKey]
    private let policySets: [IamPolicyTarget: IamPolicySet]
    private let snapshot: IamSnapshot

    static let empty = IamIdentities(.empty, secrets: [:], cluster: IamClusterIdentity())

    init(_ snapshot: IamSnapshot, secrets: [String: SymmetricKey], cluster: IamClusterIdentity) {
        self.snapshot = snapshot
        var keys: [String: AccessKey] = [:]
        for (id, key) in snapshot.accessKeys {
            let material = secrets[id].map {
                IamKeyMaterial(
                    secretAccessKey: $0, enabled: key.enabled, credentialsExpireAt: key.expiresAt,
                    sessionTokenSHA256: key.sessionTokenSHA256
                )
            }
            keys[id] = AccessKey(material: material, identity: IamSessionIdentity(
                arn: Self.arn(of: key.owner, in: cluster), accessKeyId: id, owner: key.owner
            ))
        }
        self.keys = keys
        var policySets: [IamPolicyTarget: IamPolicySet] = [:]
        for (user, names) in snapshot.userPolicies {
            policySets[.user(user)] = Self.policySet(names, in: snapshot)
        }
        for (role, names) in snapshot.rolePolicies {
            policySets[.role(role)] = Self.policySet(names, in: snapshot)
        }
        self.policySets = policySets
    }

    func accessKey(_ id: String) -> AccessKey? {
        keys[id]
    }

    /// Whether a session opened with `identity` may go on: its key is still
    /// there and enabled, and so is the user or role it belongs to. Expiry is
    /// the session clock's: a session never outlives its credentials.
    func admits(_ identity: IamSessionIdentity) -> Bool {
        guard let key = snapshot.accessKeys[identity.accessKeyId], key.enabled, key.owner == identity.owner else { return false }
        switch key.owner {
        case .user(let user): return snapshot.users[user] != nil
        case .roleSession(let role, _): return snapshot.roles[role] != nil
        }
    }

    /// The policies that decide for `identity`: its user's, or its role's for a session.
    func policies(for identity: IamSessionIdentity) -> IamPolicySet {
        let target: IamPolicyTarget = switch identity.owner {
        case .user(let user): .user(user)
        case .roleSession(let role, _): .role(role)
        }
        return policySets[target] ?? .empty
    }

    static func arn(of owner: IamKeyOwner, in cluster: IamClusterIdentity) -> String {
        switch owner {
        case .user(let name): cluster.userArn(name)
        case .roleSession(let role, let session): cluster.assumedRoleArn(role: role, session: session)
        }
    }

    /// The named documents, parsed. The store keeps what `authctl` validated,
    /// so a document that does not parse means a newer or damaged store: it
    /// is replaced by a Deny of everything, never dropped, since dropping a
    /// Deny would widen access.
    private static func policySet(_ names: [String], in snapshot: IamSnapshot) -> IamPolicySet {
        IamPolicySet(names.map { name in
            let document = snapshot.policies[name].flatMap { try? IamPolicyDocument(text: $0) } ?? unreadablePolicy
            return (name: name, document: document)
        })
    }

    private static let unreadablePolicy = try! IamPolicyDocument(text: """
        {"Version":"2012-10-17","Statement":[{"Sid":"UnreadablePolicyDeniesEverything","Effect":"Deny","Action":"*","Resource":"*"}]}
        """)
}

extension GatewayPolicy {
    /// `identity` as the authorizer sees it, with the policies attached to it now.
    func iamSubject(for identity: IamSessionIdentity, secureTransport: Bool) -> IamSubject {
        IamSubject(principalArn: identity.arn, policies: iam.policies(for: identity), secureTransport: secureTransport)
    }

    /// Who a session's requests are decided for.
    func accessSubject(for principal: SessionPrincipal, secureTransport: Bool) -> RequestAccess.Subject {
        switch principal {
        case .iam(let identity): .iam(iamSubject(for: identity, secureTransport: secureTransport))
        case .user, .anonymous: .user(principal.userName)
        }
    }
}
