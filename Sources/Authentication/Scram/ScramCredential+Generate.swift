import Foundation
import SecretHandling

extension ScramCredential {
    /// A new credential for `password` with a fresh random salt of the mechanism's default length and,
    /// unless given, its default iteration count: what `authctl scram set` and `portcullis dev` store.
    public static func generate(
        mechanism: ScramMechanism,
        password: some DataProtocol,
        iterations: Int? = nil
    ) throws(ScramCredentialError) -> ScramCredential {
        let salt = SecretBytes.random(count: mechanism.defaultSaltByteCount)
        return try derive(mechanism: mechanism, password: password, salt: salt, iterations: iterations ?? mechanism.defaultIterations)
    }
}
