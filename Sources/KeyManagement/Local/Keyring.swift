import Crypto

/// The local KMS's key-encryption keys: an immutable snapshot of the keyring
/// file, replaced whole when the file changes.
struct Keyring: Sendable {
    /// The version of the JSON inside the sealed file.
    static let format = 1
    static let empty = Keyring(keys: [])

    var keys: [KeyEncryptionKey]

    /// Looks a key up by id, or by `alias/NAME`.
    func index(of name: String) -> Int? {
        if name.hasPrefix(KeyAlias.prefix) {
            return keys.firstIndex { $0.alias == name }
        }
        return keys.firstIndex { $0.id == name }
    }

    func key(named name: String) -> KeyEncryptionKey? {
        index(of: name).map { keys[$0] }
    }
}

/// One KEK: its versions' material never leaves the keyring.
struct KeyEncryptionKey: Sendable {
    static let idPrefix = "lk-"

    let id: String
    let alias: String?
    let description: String
    var enabled: Bool
    let createdAt: Double
    /// Numbered 1...n in order; never empty. The last one wraps new data keys.
    var versions: [KeyVersion]

    var newest: KeyVersion { versions[versions.count - 1] }

    func version(_ number: Int) -> KeyVersion? {
        versions.indices.contains(number - 1) ? versions[number - 1] : nil
    }

    var summary: KeyDescription {
        KeyDescription(keyId: id, alias: alias, description: description, enabled: enabled, currentVersion: newest.number, createdAt: createdAt)
    }
}

struct KeyVersion: Sendable {
    let number: Int
    let createdAt: Double
    let material: SymmetricKey

    static func random(number: Int, createdAt: Double) -> KeyVersion {
        KeyVersion(number: number, createdAt: createdAt, material: SymmetricKey(size: .bits256))
    }
}
