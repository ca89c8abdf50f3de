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
        guard (ScramMechanism.minimumIterations...ScramMechanism.maximumIterations).contains(iterations) else {
            throw .iterationsOutOfRange(iterations)
        }
        let saltedPassword = try mechanism.saltedPassword(password, salt: salt, iterations: iterations)
        let clientKey = mechanism.hmac(key: saltedPassword, Array("Client Key".utf8))
        let serverKey = mechanism.hmac(key: saltedPassword, Array("Server Key".utf8))
        return ScramCredential(
            mechanism: mechanism,
            salt: salt,
            iterations: iterations,
            storedKey: mechanism.hash(clientKey),
            serverKey: serverKey
        )
    }
}

public enum ScramCredentialError: Error, Equatable, Sendable {
    case iterationsOutOfRange(Int)
    case derivationFailed
}
