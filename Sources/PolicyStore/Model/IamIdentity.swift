import Crypto
import Foundation
import KeyManagement

/// An IAM user: a long-term identity with up to two access keys.
public struct IamUser: Sendable, Hashable {
    public let name: String
    public let createdAt: Date

    public init(name: String, createdAt: Date) {
        self.name = name
        self.createdAt = createdAt
    }
}

/// An IAM role: assumed through sessions whose credentials expire.
public struct IamRole: Sendable, Hashable {
    public let name: String
    public let createdAt: Date

    public init(name: String, createdAt: Date) {
        self.name = name
        self.createdAt = createdAt
    }
}

/// Whose an access key is: a user's long-term key (`AKIA…`) or a role session's temporary one (`ASIA…`).
public enum IamKeyOwner: Sendable, Hashable {
    case user(String)
    case roleSession(role: String, session: String)
}

/// A user or a role, to which policies are attached.
public enum IamPolicyTarget: Sendable, Hashable, CustomStringConvertible {
    case user(String)
    case role(String)

    /// `user/NAME` or `role/NAME`, the tail of its ARN.
    public var description: String {
        switch self {
        case .user(let name): "user/\(name)"
        case .role(let name): "role/\(name)"
        }
    }
}

/// IAM's names for a key's state.
public enum IamAccessKeyStatus: String, Sendable, Hashable, CaseIterable {
    case active = "Active"
    case inactive = "Inactive"
}

/// An access key as stored: everything but the secret, which is sealed under the KMS, and the
/// session token, of which only the SHA-256 is kept.
public struct IamAccessKey: Sendable, Hashable {
    public let accessKeyId: String
    public let owner: IamKeyOwner
    /// False once disabled (IAM's `Inactive`); a disabled key authenticates nothing.
    public let enabled: Bool
    public let createdAt: Date
    /// When a session's credentials stop working; nil for a user's key.
    public let expiresAt: Date?
    /// SHA-256 of the session token; nil for a user's key.
    public let sessionTokenSHA256: [UInt8]?
    /// The secret access key, sealed under a KMS key with ``encryptionContext(accessKeyId:)``.
    public let sealedSecret: SealedSecret

    public init(
        accessKeyId: String, owner: IamKeyOwner, enabled: Bool, createdAt: Date, expiresAt: Date?,
        sessionTokenSHA256: [UInt8]?, sealedSecret: SealedSecret
    ) {
        self.accessKeyId = accessKeyId
        self.owner = owner
        self.enabled = enabled
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.sessionTokenSHA256 = sessionTokenSHA256
        self.sealedSecret = sealedSecret
    }

    public var status: IamAccessKeyStatus { enabled ? .active : .inactive }

    /// True for a session whose credentials have expired at `date`; never for a user's key.
    public func isExpired(at date: Date) -> Bool {
        expiresAt.map { $0 <= date } ?? false
    }

    /// The context a secret access key is sealed with: it names the key, so a sealed secret moved
    /// to another key's row does not open.
    public static func encryptionContext(accessKeyId: String) -> EncryptionContext {
        ["portcullis:purpose": "iam-secret", "portcullis:access-key-id": accessKeyId]
    }

    /// The secret access key, opened with the KMS that sealed it; zeroed when the key is released.
    public func openSecret(keyService: some KeyService) async throws -> SymmetricKey {
        try await sealedSecret.open(context: Self.encryptionContext(accessKeyId: accessKeyId), keyService: keyService)
    }
}

/// A policy document as stored: the text given to ``PolicyStore/putIamPolicy(_:document:actor:)``.
public struct IamPolicy: Sendable, Hashable {
    public let name: String
    public let document: String
    public let updatedAt: Date

    public init(name: String, document: String, updatedAt: Date) {
        self.name = name
        self.document = document
        self.updatedAt = updatedAt
    }
}
