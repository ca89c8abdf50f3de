import Foundation

extension ScramCredential {
    /// The stored form of a credential from its SaltedPassword = Hi(password, salt, i), which a client
    /// computes so that the password never reaches the server: Kafka's AlterUserScramCredentials sends it,
    /// and the broker keeps only StoredKey and ServerKey (`ScramFormatter.generateCredential`).
    /// The caller owns `saltedPassword` and should zero it after the call.
    public static func derive(
        mechanism: ScramMechanism,
        saltedPassword: [UInt8],
        salt: [UInt8],
        iterations: Int
    ) throws(ScramCredentialError) -> ScramCredential {
        try requireAcceptable(iterations: iterations)
        guard saltedPassword.count == mechanism.digestByteCount else { throw .saltedPasswordLength(saltedPassword.count) }
        return stored(mechanism: mechanism, saltedPassword: saltedPassword, salt: salt, iterations: iterations)
    }

    /// RFC 5802 §3: ClientKey = HMAC(SaltedPassword, "Client Key"), StoredKey = H(ClientKey),
    /// ServerKey = HMAC(SaltedPassword, "Server Key").
    static func stored(
        mechanism: ScramMechanism, saltedPassword: some ContiguousBytes, salt: [UInt8], iterations: Int
    ) -> ScramCredential {
        let clientKey = mechanism.hmac(key: saltedPassword, Array("Client Key".utf8))
        let serverKey = mechanism.hmac(key: saltedPassword, Array("Server Key".utf8))
        return ScramCredential(
            mechanism: mechanism, salt: salt, iterations: iterations, storedKey: mechanism.hash(clientKey), serverKey: serverKey
        )
    }

    /// Kafka's bounds, checked before any key derivation so that an out-of-range count costs nothing.
    static func requireAcceptable(iterations: Int) throws(ScramCredentialError) {
        guard (ScramMechanism.minimumIterations...ScramMechanism.maximumIterations).contains(iterations) else {
            throw .iterationsOutOfRange(iterations)
        }
    }
}
