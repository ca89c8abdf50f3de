import Crypto
import Foundation
import SecretHandling

/// The keyring's JSON, sealed in the keyring file:
/// `{"format":1,"keys":[{"id","alias","description","enabled","createdAt",
/// "versions":[{"version","createdAt","material"}]}]}` with `material` the
/// base64 of 32 bytes. Buffers this code owns are zeroed after use;
/// Foundation's coders keep transient copies it cannot reach.
extension Keyring {
    func encodedJSON() throws(KeyServiceError) -> [UInt8] {
        let document = KeyringDocument(format: Keyring.format, keys: keys.map(KeyDocument.init))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        do {
            var data = try encoder.encode(document)
            defer { SecretBytes.zero(&data) }
            return Array(data)
        } catch {
            throw .serviceFailure("cannot encode the keyring: \(error)")
        }
    }

    static func decoded(fromJSON json: Data, path: String) throws(KeyServiceError) -> Keyring {
        let decoder = JSONDecoder()
        let document: KeyringDocument
        do {
            let format = try decoder.decode(FormatProbe.self, from: json).format
            guard format == Keyring.format else {
                throw KeyServiceError.serviceFailure("keyring \(path) has format \(format); this version reads format \(Keyring.format)")
            }
            document = try decoder.decode(KeyringDocument.self, from: json)
        } catch let error as KeyServiceError {
            throw error
        } catch {
            throw .serviceFailure("keyring \(path) is not valid keyring JSON")
        }
        let keyring = Keyring(keys: try document.keys.map { key throws(KeyServiceError) in try key.model(path: path) })
        try keyring.validate(path: path)
        return keyring
    }

    private func validate(path: String) throws(KeyServiceError) {
        guard Set(keys.map(\.id)).count == keys.count else {
            throw .serviceFailure("keyring \(path) lists a key id twice")
        }
        let aliases = keys.compactMap(\.alias)
        guard Set(aliases).count == aliases.count else {
            throw .serviceFailure("keyring \(path) lists an alias twice")
        }
    }
}

private struct FormatProbe: Decodable {
    var format: Int
}

private struct KeyringDocument: Codable {
    var format: Int
    var keys: [KeyDocument]
}

private struct KeyDocument: Codable {
    var id: String
    var alias: String?
    var description: String
    var enabled: Bool
    var createdAt: Double
    var versions: [VersionDocument]

    init(_ key: KeyEncryptionKey) {
        id = key.id
        alias = key.alias
        description = key.description
        enabled = key.enabled
        createdAt = key.createdAt
        versions = key.versions.map(VersionDocument.init)
    }

    func model(path: String) throws(KeyServiceError) -> KeyEncryptionKey {
        guard !versions.isEmpty, versions.enumerated().allSatisfy({ $0.offset + 1 == $0.element.version }) else {
            throw .serviceFailure("keyring \(path): key \(id) has versions out of order")
        }
        let models = try versions.map { version throws(KeyServiceError) in try version.model(keyId: id, path: path) }
        return KeyEncryptionKey(id: id, alias: alias, description: description, enabled: enabled, createdAt: createdAt, versions: models)
    }
}

private struct VersionDocument: Codable {
    var version: Int
    var createdAt: Double
    var material: String

    init(_ version: KeyVersion) {
        self.version = version.number
        createdAt = version.createdAt
        material = version.material.withUnsafeBytes { bytes in
            var raw = Data(bytes)
            defer { SecretBytes.zero(&raw) }
            return raw.base64EncodedString()
        }
    }

    func model(keyId: String, path: String) throws(KeyServiceError) -> KeyVersion {
        guard var raw = Data(base64Encoded: material), raw.count == 32 else {
            throw .serviceFailure("keyring \(path): key \(keyId) version \(version) has malformed material")
        }
        defer { SecretBytes.zero(&raw) }
        return KeyVersion(number: version, createdAt: createdAt, material: SymmetricKey(data: raw))
    }
}
