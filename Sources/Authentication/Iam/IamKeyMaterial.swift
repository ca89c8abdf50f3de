import Crypto
import Foundation

/// What the credential store knows of an access key, as the verifier needs it. Never printed: the
/// description shows only whether the key is enabled and temporary.
public struct IamKeyMaterial: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let secretAccessKey: SymmetricKey
    public let enabled: Bool
    /// When temporary credentials stop being valid; nil for a long-term key.
    public let credentialsExpireAt: Date?
    /// SHA-256 of the session token issued with temporary credentials; nil for a long-term key.
    /// A hash, so that the store need not keep (and the verifier never compares) the token itself.
    let sessionTokenSHA256: [UInt8]?

    public init(secretAccessKey: SymmetricKey, enabled: Bool, credentialsExpireAt: Date?, sessionTokenSHA256: [UInt8]?) {
        self.secretAccessKey = secretAccessKey
        self.enabled = enabled
        self.credentialsExpireAt = credentialsExpireAt
        self.sessionTokenSHA256 = sessionTokenSHA256
    }

    public var isTemporary: Bool { sessionTokenSHA256 != nil }

    public var description: String {
        "IamKeyMaterial(secretAccessKey: <redacted>, enabled: \(enabled), temporary: \(isTemporary))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["enabled": enabled, "isTemporary": isTemporary], displayStyle: .struct)
    }
}
