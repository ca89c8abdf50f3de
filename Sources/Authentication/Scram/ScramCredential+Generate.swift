import Foundation
import SecretHandling

extension ScramCredential {
    /// The length of the random salt of a new credential, in bytes.
    public static let saltLength = 32

    /// A new credential for `password` with a fresh random salt: what
    /// `authctl scram set` and `portcullis dev` store.
    public static func generate(
        mechanism: ScramMechanism,
        password: some DataProtocol,
        iterations: Int = ScramMechanism.minimumIterations
    ) throws(ScramCredentialError) -> ScramCredential {
        let salt = SecretBytes.random(count: saltLength)
        return try derive(mechanism: mechanism, password: password, salt: salt, iterations: iterations)
    }
}
