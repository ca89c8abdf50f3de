/// Where a root key came from.
public enum RootKeySource: Hashable, Sendable {
    /// The `PORTCULLIS_ROOT_KEY` environment variable.
    case environment
    /// A file the operator named, readable by its owner only.
    case file(path: String)
    /// `DIR/keys/root.key`, generated on first start; for development only.
    case developmentFile(path: String)
}

/// A root key with its source and, for a development key, a warning for the
/// caller to log (it never contains key material).
public struct LoadedRootKey: Sendable {
    public let rootKey: RootKey
    public let source: RootKeySource
    public let warning: String?
}
