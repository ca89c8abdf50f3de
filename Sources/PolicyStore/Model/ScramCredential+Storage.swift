import Authentication

extension ScramCredential {
    /// Salts up to this length are accepted, so that credentials made by Kafka's own tools can be imported.
    static let maximumSaltByteCount = 1024

    /// Why the store would refuse this credential, or nil. Never mentions the bytes themselves.
    var storageProblem: String? {
        let range = ScramMechanism.minimumIterations...ScramMechanism.maximumIterations
        guard range.contains(iterations) else {
            return "\(iterations) iterations is outside \(range.lowerBound)...\(range.upperBound)"
        }
        guard (1...Self.maximumSaltByteCount).contains(salt.count) else {
            return "the salt must be 1 to \(Self.maximumSaltByteCount) bytes"
        }
        let keyByteCount = mechanism == .sha256 ? 32 : 64
        guard storedKey.count == keyByteCount, serverKey.count == keyByteCount else {
            return "\(mechanism.rawValue) keys are \(keyByteCount) bytes"
        }
        return nil
    }
}
