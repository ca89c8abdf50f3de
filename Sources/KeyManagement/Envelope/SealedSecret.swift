import Crypto
import Foundation
import SecretHandling

/// A small secret (an IAM secret access key) sealed under a fresh data key from the KMS:
/// AES-256-GCM under the data key, with the encryption context bound twice — to the wrapped
/// data key by the KMS, and to the ciphertext as associated data — so a sealed secret copied
/// to another record (another access key id) opens neither its key nor its bytes.
///
/// `ciphertext` is `nonce (12) | ciphertext | tag (16)`. Opening needs the KMS, so disabling
/// the key-encryption key makes every secret sealed under it unreadable.
public struct SealedSecret: Sendable, Hashable, Codable {
    public var wrappedKey: WrappedKey
    public var ciphertext: [UInt8]

    public init(wrappedKey: WrappedKey, ciphertext: [UInt8]) {
        self.wrappedKey = wrappedKey
        self.ciphertext = ciphertext
    }

    /// The largest secret `seal` accepts: this type is for credentials, not data.
    public static let maximumSecretByteCount = 4096

    /// Seals `secret` under a new data key of `keyId`; the caller zeroes `secret` when done with it.
    public static func seal(
        _ secret: [UInt8], context: EncryptionContext, keyId: String, keyService: some KeyService
    ) async throws -> SealedSecret {
        guard !secret.isEmpty, secret.count <= maximumSecretByteCount else { throw SealedSecretError.invalidSecretSize(secret.count) }
        let dataKey = try await keyService.generateDataKey(keyId: keyId, context: context)
        do {
            let box = try AES.GCM.seal(secret, using: dataKey.plaintext, authenticating: associatedData(context))
            return SealedSecret(wrappedKey: dataKey.wrapped, ciphertext: Array(box.combined!))
        } catch {
            throw SealedSecretError.sealingFailed
        }
    }

    /// The secret, as a `SymmetricKey` (whose memory swift-crypto zeroes when it is released):
    /// read it with `withUnsafeBytes`. Throws the KMS's error (`.invalidCiphertext` for a wrong
    /// context, `.keyDisabled`) or ``SealedSecretError/authenticationFailed`` when the sealed bytes
    /// or the context are not what was sealed.
    public func open(context: EncryptionContext, keyService: some KeyService) async throws -> SymmetricKey {
        guard ciphertext.count > EnvelopeCipher.overhead else { throw SealedSecretError.authenticationFailed }
        let dataKey = try await keyService.decrypt(wrappedKey, context: context)
        do {
            var plaintext = try AES.GCM.open(AES.GCM.SealedBox(combined: ciphertext), using: dataKey, authenticating: Self.associatedData(context))
            defer { SecretBytes.zero(&plaintext) }
            return SymmetricKey(data: plaintext)
        } catch {
            throw SealedSecretError.authenticationFailed
        }
    }

    /// A domain label, so these bytes can never be taken for another use of the same data key
    /// format, then the canonical context (the same encoding the local KMS binds).
    private static func associatedData(_ context: EncryptionContext) -> [UInt8] {
        Array("portcullis-sealed-secret-v1".utf8) + CanonicalContext.bytes(of: context)
    }
}

/// Why sealing or opening a secret failed. Carries no secret bytes.
public enum SealedSecretError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The sealed bytes or the context are not what was sealed (or the bytes are too short).
    case authenticationFailed
    case invalidSecretSize(Int)
    case sealingFailed
    /// Stored bytes that are not a sealed secret in ``SealedSecret/serialized`` form.
    case malformed(String)

    public var description: String {
        switch self {
        case .authenticationFailed: "the sealed secret or its context is not what was sealed"
        case .invalidSecretSize(let count): "a secret to seal must be 1 to \(SealedSecret.maximumSecretByteCount) bytes, not \(count)"
        case .sealingFailed: "cannot seal the secret"
        case .malformed(let reason): "not a sealed secret: \(reason)"
        }
    }
}
