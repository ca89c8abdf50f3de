import Crypto
import CryptoExtras
import Foundation

/// The SCRAM mechanisms Kafka offers (RFC 5802 with RFC 7677's SHA-256 and SHA-512),
/// named as they appear in SaslHandshake and in `sasl.mechanism`.
public enum ScramMechanism: String, CaseIterable, Sendable, Codable {
    case sha256 = "SCRAM-SHA-256"
    case sha512 = "SCRAM-SHA-512"

    /// Kafka refuses fewer iterations than this for either mechanism.
    public static let minimumIterations = 4096
    /// Kafka's upper bound on iterations, which also caps the work a stored credential can demand.
    public static let maximumIterations = 16384

    /// The length of H()'s output, and so of StoredKey, ServerKey and a client proof.
    var digestByteCount: Int {
        switch self {
        case .sha256: SHA256.byteCount
        case .sha512: SHA512.byteCount
        }
    }

    /// H(): the hash the mechanism is named after.
    func hash(_ bytes: some DataProtocol) -> [UInt8] {
        switch self {
        case .sha256: Array(SHA256.hash(data: bytes))
        case .sha512: Array(SHA512.hash(data: bytes))
        }
    }

    /// HMAC(key, message) with the mechanism's hash.
    func hmac(key: some ContiguousBytes, _ message: some DataProtocol) -> [UInt8] {
        let symmetricKey = SymmetricKey(data: key)
        switch self {
        case .sha256: return Array(HMAC<SHA256>.authenticationCode(for: message, using: symmetricKey))
        case .sha512: return Array(HMAC<SHA512>.authenticationCode(for: message, using: symmetricKey))
        }
    }

    /// SaltedPassword = Hi(password, salt, i): PBKDF2 with the mechanism's HMAC. The password is
    /// used as its UTF-8 bytes, as Kafka does (no SASLprep).
    func saltedPassword(_ password: some DataProtocol, salt: [UInt8], iterations: Int) throws(ScramCredentialError) -> SymmetricKey {
        do {
            return try KDF.Insecure.PBKDF2.deriveKey(
                from: password, salt: salt, using: self == .sha256 ? .sha256 : .sha512,
                outputByteCount: digestByteCount, unsafeUncheckedRounds: iterations
            )
        } catch {
            throw .derivationFailed
        }
    }
}
