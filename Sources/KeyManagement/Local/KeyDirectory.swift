import SecretHandling

/// Where the local KMS keeps its files: `DIR/keys/` holds the development
/// root key, the sealed keyring and the lock that serialises its writers.
struct KeyDirectory: Sendable {
    let path: String

    init(dataDirectory: String) {
        let trimmed = dataDirectory.count > 1 && dataDirectory.hasSuffix("/") ? String(dataDirectory.dropLast()) : dataDirectory
        path = trimmed + "/keys"
    }

    var rootKeyFile: String { path + "/root.key" }
    var keyringFile: String { path + "/keyring.sealed" }
    var lockFile: String { path + "/keyring.lock" }

    func create() throws(SecureFileError) {
        try SecureFile.makeDirectories(path)
    }
}
