import Crypto

/// A key management service: the keys that wrap data keys never leave it.
///
/// Envelope encryption: each unit of data (a log segment) is encrypted under
/// its own data key; only the data key wrapped by a key-encryption key (KEK)
/// is stored beside the data. Unwrapping needs the service, so disabling a
/// KEK makes every data key it wrapped — and so the data — unreadable.
///
/// Implementations: `LocalKeyService` (a keyring file under a root key) and
/// `AWSKeyService` (AWS KMS or any service speaking its API).
public protocol KeyService: Sendable {
    /// A fresh 256-bit data key under the newest version of `keyId`: use the
    /// plaintext, store the wrapped form. `context` is bound to the wrapped
    /// key (AWS's encryption context): unwrapping must present it again.
    func generateDataKey(keyId: String, context: EncryptionContext) async throws(KeyServiceError) -> DataKey

    /// Unwraps a data key. Fails with `.keyDisabled` for a disabled KEK.
    func decrypt(_ wrapped: WrappedKey, context: EncryptionContext) async throws(KeyServiceError) -> SymmetricKey

    /// Re-wraps a data key under the newest version of its KEK without
    /// exposing it to the caller (AWS's ReEncrypt).
    func rewrap(_ wrapped: WrappedKey, context: EncryptionContext) async throws(KeyServiceError) -> WrappedKey

    func describeKey(_ keyId: String) async throws(KeyServiceError) -> KeyDescription
    func listKeys() async throws(KeyServiceError) -> [KeyDescription]
    func createKey(alias: String?, description: String) async throws(KeyServiceError) -> KeyDescription
    /// Makes a new version the one that encrypts; older versions still decrypt.
    func rotateKey(_ keyId: String) async throws(KeyServiceError) -> KeyDescription
    func setKeyEnabled(_ keyId: String, enabled: Bool) async throws(KeyServiceError)

    /// Releases what the service holds open (connections); call once, last.
    func shutdown() async throws
}

extension KeyService {
    /// Most services hold nothing open.
    public func shutdown() async throws {}
}

/// Additional authenticated data bound to a wrapped key, e.g. the segment it
/// protects. Not secret; must match exactly on unwrap.
public typealias EncryptionContext = [String: String]

/// A data key as generated: the plaintext (zeroed when released) and the
/// wrapped form that is stored.
public struct DataKey: Sendable {
    public var plaintext: SymmetricKey
    public var wrapped: WrappedKey

    public init(plaintext: SymmetricKey, wrapped: WrappedKey) {
        self.plaintext = plaintext
        self.wrapped = wrapped
    }
}

/// A data key wrapped by a KEK: safe to store beside the data it protects.
public struct WrappedKey: Hashable, Sendable, Codable {
    /// The KEK's id (ARN for AWS).
    public var keyId: String
    /// The KEK version that wrapped it, where the service exposes versions.
    public var keyVersion: Int?
    /// The service's ciphertext blob.
    public var ciphertext: [UInt8]

    public init(keyId: String, keyVersion: Int?, ciphertext: [UInt8]) {
        self.keyId = keyId
        self.keyVersion = keyVersion
        self.ciphertext = ciphertext
    }
}

/// What a service says about one KEK. Never includes key material.
public struct KeyDescription: Hashable, Sendable, Codable {
    public var keyId: String
    public var alias: String?
    public var description: String
    public var enabled: Bool
    /// The version new data keys are wrapped under (1 for a new key), where the service exposes versions.
    public var currentVersion: Int?
    public var createdAt: Double

    public init(keyId: String, alias: String?, description: String, enabled: Bool, currentVersion: Int?, createdAt: Double) {
        self.keyId = keyId
        self.alias = alias
        self.description = description
        self.enabled = enabled
        self.currentVersion = currentVersion
        self.createdAt = createdAt
    }
}

/// Why a key service refused. Messages name keys, never key material.
public enum KeyServiceError: Error, Hashable, Sendable {
    case keyNotFound(String)
    /// The KEK is disabled: data under it cannot be read until it is enabled again.
    case keyDisabled(String)
    /// The wrapped key or its context is not what the KEK wrapped (tampered, or wrong context).
    case invalidCiphertext
    case aliasInUse(String)
    /// The root key is missing or does not open the keyring.
    case rootKeyUnavailable(String)
    /// The KMS did not answer (refused connection, timeout) or answered with
    /// a transient error (throttling, an internal failure): retry later.
    case unavailable(String)
    /// The service answered with an error that retrying will not cure.
    case serviceFailure(String)
}
