import Crypto

extension ScramCredential {
    /// A credential for a user that does not exist (RFC 5802 §5.1), so that the exchange goes on to fail
    /// at the proof check exactly as a wrong password does: the same step, error and work. Its salt is
    /// stable per user and mechanism, so asking twice reveals nothing; its keys match no password. Its
    /// salt length and iteration count are the mechanism's defaults, those of a credential made without
    /// explicit settings, so the two look alike.
    static func standIn(for username: String, mechanism: ScramMechanism, secret: SymmetricKey) -> ScramCredential {
        func keyed(_ purpose: String) -> [UInt8] {
            // NUL cannot occur in a SCRAM username, so the labelled inputs never collide.
            Array(HMAC<SHA512>.authenticationCode(for: Array("\(purpose)\0\(mechanism.rawValue)\0\(username)".utf8), using: secret))
        }
        return ScramCredential(
            mechanism: mechanism,
            salt: Array(keyed("salt").prefix(mechanism.defaultSaltByteCount)),
            iterations: mechanism.defaultIterations,
            storedKey: Array(keyed("stored-key").prefix(mechanism.digestByteCount)),
            serverKey: Array(keyed("server-key").prefix(mechanism.digestByteCount))
        )
    }

    /// Whether this stored credential can take part in an exchange for `mechanism`. One that cannot
    /// (another mechanism, iterations outside Kafka's bounds, keys of the wrong size) is treated as absent.
    func isUsable(for mechanism: ScramMechanism) -> Bool {
        self.mechanism == mechanism
            && (ScramMechanism.minimumIterations...ScramMechanism.maximumIterations).contains(iterations)
            && !salt.isEmpty
            && storedKey.count == mechanism.digestByteCount
            && serverKey.count == mechanism.digestByteCount
    }
}
