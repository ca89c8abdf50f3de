import Foundation
import Crypto

/// What the server stores for a SCRAM user, in Kafka's format: never the password,
/// only the salt, the iteration count, StoredKey = H(ClientKey) and ServerKey.
public struct ScramCredential: Sendable, Equatable {
    public let mechanism: ScramMechanism
    public let salt: [UInt8]
    public let iterations: Int
    public let storedKey: [UInt8]
    public let serverKey: [UInt8]

    public init(mechanism: ScramMechanism, salt: [UInt8], iterations: Int, storedKey: [UInt8], serverKey: [UInt8]) {
        self.mechanism = mechanism
        self.salt = salt
        self.iterations = iterations
        self.storedKey = storedKey
        self.serverKey = serverKey
    }

    /// Derives the stored form of `password` (RFC 5802 §3): SaltedPassword = Hi(password, salt, i),
    /// ClientKey = HMAC(SaltedPassword, "Client Key"), ServerKey = HMAC(SaltedPassword, "Server Key").
    /// The password is used as its UTF-8 bytes, as Kafka does (no SASLprep).
    public static func derive(
        mechanism: ScramMechanism,
        password: some DataProtocol,
        salt: [UInt8],
        iterations: Int
    ) throws(ScramCredentialError) -> ScramCredential {
        try requireAcceptable(iterations: iterations)
        let saltedPassword = try mechanism.saltedPassword(password, salt: salt, iterations: iterations)
        return stored(mechanism: mechanism, saltedPassword: saltedPassword, salt: salt, iterations: iterations)
    }
}

public enum ScramCredentialError: Error, Equatable, Sendable {
    case iterationsOutOfRange(Int)
    case derivationFailed
    /// A SaltedPassword that is not as long as the mechanism's hash, which no Hi() gives; the length, never the bytes.
    case saltedPasswordLength(Int)
}
