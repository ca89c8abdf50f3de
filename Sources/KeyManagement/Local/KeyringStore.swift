import SecretHandling

/// The keyring file on disk: loading it, noticing that another process
/// replaced it, and read-modify-write under the keyring lock.
struct KeyringStore: Sendable {
    /// A keyring as read, with the identity of the file it came from (nil:
    /// there was no file, which is an empty keyring).
    struct Snapshot: Sendable {
        var keyring: Keyring
        var identity: FileIdentity?
    }

    let directory: KeyDirectory
    let rootKey: RootKey

    /// The identity of the file now at the keyring path: one stat call.
    func currentIdentity() throws(KeyServiceError) -> FileIdentity? {
        try failingAsService { () throws(SecureFileError) in try FileIdentity.current(at: directory.keyringFile) }
    }

    func load() throws(KeyServiceError) -> Snapshot {
        let path = directory.keyringFile
        let opened = try failingAsService { () throws(SecureFileError) -> (bytes: [UInt8], identity: FileIdentity)? in
            do throws(SecureFileError) {
                // The identity of the file actually read, which a concurrent rename cannot change.
                return try SecureFile.readWithIdentity(path, limit: 64 * 1024 * 1024)
            } catch .missing {
                return nil
            }
        }
        guard let (bytes, identity) = opened else { return Snapshot(keyring: .empty, identity: nil) }
        return Snapshot(keyring: try SealedKeyring.open(bytes, with: rootKey, path: path), identity: identity)
    }

    /// Applies `change` to the newest keyring on disk and writes the result,
    /// holding the keyring lock throughout.
    func update<Result>(_ change: (inout Keyring) throws(KeyServiceError) -> Result) throws(KeyServiceError) -> (Result, Snapshot) {
        try failingAsService { () throws(SecureFileError) in try directory.create() }
        return try KeyringLock.withExclusiveLock(at: directory.lockFile) { () throws(KeyServiceError) in
            let before = try load()
            var keyring = before.keyring
            let result = try change(&keyring)
            let sealed = try SealedKeyring.seal(keyring, with: rootKey)
            let now = FileIdentity.Timestamp.now()
            let modified = before.identity.map { max(now, $0.modified.successor) } ?? now
            try failingAsService { () throws(SecureFileError) in
                try SecureFile.replace(directory.keyringFile, with: sealed, modificationTime: modified)
            }
            return (result, Snapshot(keyring: keyring, identity: try currentIdentity()))
        }
    }

    private func failingAsService<Result>(_ body: () throws(SecureFileError) -> Result) throws(KeyServiceError) -> Result {
        do throws(SecureFileError) {
            return try body()
        } catch {
            throw .serviceFailure(error.description)
        }
    }
}
