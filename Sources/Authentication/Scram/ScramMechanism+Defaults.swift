extension ScramMechanism {
    /// The iteration count of a credential made without one (`authctl scram set`, `portcullis dev`)
    /// and of an unknown user's stand-in: were the two to differ, the server-first message would tell
    /// an unknown user from every user stored with the default. Kafka's own default, its minimum.
    public var defaultIterations: Int {
        switch self {
        case .sha256, .sha512: Self.minimumIterations
        }
    }

    /// The salt length, in bytes, of a new credential and of an unknown user's stand-in, for the same
    /// reason. At most 64, since a stand-in's salt is cut from one HMAC-SHA-512.
    public var defaultSaltByteCount: Int {
        switch self {
        case .sha256, .sha512: 32
        }
    }
}
