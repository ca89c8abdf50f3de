#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KeyManagement
import SecretHandling

/// `checkpoint-key.json`: the log's 256-bit checkpoint MAC key, wrapped by
/// the KMS, made once when the log is created:
///
///     {"algorithm":"HMAC-SHA256","formatVersion":1,"wrappedKey":{"ciphertext":"<base64>","keyId":"…","keyVersion":1}}
///
/// The plaintext exists only in memory, as a `SymmetricKey` (zeroed when
/// released), in the writer and in `authctl audit verify`. The wrapped key is
/// bound to the context `purpose=portcullis-audit-checkpoints`, so no other
/// data key of the same KMS key can stand in for it.
public enum CheckpointKeyFile {
    static let encryptionContext: EncryptionContext = ["purpose": "portcullis-audit-checkpoints"]
    private static let formatVersion = 1
    private static let algorithm = "HMAC-SHA256"
    private static let sizeLimit = 64 << 10

    /// The log's checkpoint key, unwrapped by `keyService`.
    public static func load(from directory: AuditDirectory, keyService: any KeyService) async throws(AuditLogError) -> CheckpointAuthenticator {
        try await unwrap(try read(from: directory), keyService: keyService)
    }

    public static func unwrap(_ wrapped: WrappedKey, keyService: any KeyService) async throws(AuditLogError) -> CheckpointAuthenticator {
        do {
            return CheckpointAuthenticator(key: try await keyService.decrypt(wrapped, context: encryptionContext))
        } catch {
            throw .keyService(error)
        }
    }

    /// The writer's key at start: the existing one, or a new one under
    /// `keyId` when the log is new. A log whose key is gone is not given a new
    /// one: its checkpoints could never be checked again.
    static func loadOrCreate(
        in directory: AuditDirectory, keyId: String, keyService: any KeyService, logIsNew: Bool
    ) async throws(AuditLogError) -> CheckpointAuthenticator {
        if SecureFile.exists(directory.checkpointKeyFile) {
            return try await load(from: directory, keyService: keyService)
        }
        guard logIsNew else {
            throw .refusedToContinue("\(directory.checkpointKeyFile) is missing, so the checkpoints of the log there cannot be checked; move the directory aside to start a new log")
        }
        let dataKey: DataKey
        do {
            dataKey = try await keyService.generateDataKey(keyId: keyId, context: encryptionContext)
        } catch {
            throw .keyService(error)
        }
        let created: Bool
        do {
            created = try SecureFile.createIfAbsent(directory.checkpointKeyFile, with: encode(dataKey.wrapped))
        } catch {
            throw .file(error)
        }
        // A key got there first (not under the writer lock: another version, a person): use it, never overwrite a key.
        guard created else { return try await load(from: directory, keyService: keyService) }
        return CheckpointAuthenticator(key: dataKey.plaintext)
    }

    /// The wrapped key, read without the KMS: whether there is a log to check at all.
    public static func read(from directory: AuditDirectory) throws(AuditLogError) -> WrappedKey {
        let path = directory.checkpointKeyFile
        let bytes: [UInt8]
        do {
            bytes = try SecureFile.read(path, limit: sizeLimit)
        } catch {
            throw .file(error)
        }
        guard let stored = try? JSONDecoder().decode(Stored.self, from: Data(bytes)),
              let ciphertext = Data(base64Encoded: stored.wrappedKey.ciphertext)
        else { throw .invalidFile(path: path, reason: "is not a checkpoint key file") }
        guard stored.formatVersion == formatVersion, stored.algorithm == algorithm else {
            throw .invalidFile(path: path, reason: "has format \(stored.formatVersion) and algorithm \(stored.algorithm); expected \(formatVersion) and \(algorithm)")
        }
        return WrappedKey(keyId: stored.wrappedKey.keyId, keyVersion: stored.wrappedKey.keyVersion, ciphertext: Array(ciphertext))
    }

    private static func encode(_ wrapped: WrappedKey) -> [UInt8] {
        let stored = Stored(
            formatVersion: formatVersion, algorithm: algorithm,
            wrappedKey: StoredWrappedKey(keyId: wrapped.keyId, keyVersion: wrapped.keyVersion, ciphertext: Data(wrapped.ciphertext).base64EncodedString())
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and integers cannot fail.
        return Array(try! encoder.encode(stored)) + [UInt8(ascii: "\n")]
    }

    private struct Stored: Codable {
        var formatVersion: Int
        var algorithm: String
        var wrappedKey: StoredWrappedKey
    }

    private struct StoredWrappedKey: Codable {
        var keyId: String
        var keyVersion: Int?
        var ciphertext: String
    }
}
