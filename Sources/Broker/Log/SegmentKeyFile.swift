import Foundation
import KeyManagement

/// A segment's `.key` sidecar: the wrapped data key of the segment and the
/// encryption context it was wrapped with, as JSON:
///
///     {"algorithm":"AES-256-GCM","encryptionContext":{"baseOffset":"0","partition":"0","topic":"orders"},
///      "formatVersion":1,"wrappedKey":{"ciphertext":"<base64>","keyId":"…","keyVersion":1}}
///
/// Only the wrapped key is stored; unwrapping it takes the key service. The
/// file is small and replaced atomically, so `authctl keys rewrap` can put a
/// key wrapped under a newer KEK version in its place without touching the
/// `.log`.
public struct SegmentKeyFile: Hashable, Sendable {
    public static let formatVersion = 1
    public static let algorithm = "AES-256-GCM"

    public var wrappedKey: WrappedKey
    public var encryptionContext: EncryptionContext

    public init(wrappedKey: WrappedKey, encryptionContext: EncryptionContext) {
        self.wrappedKey = wrappedKey
        self.encryptionContext = encryptionContext
    }

    public static func read(from path: String) throws(LogError) -> SegmentKeyFile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .invalidSegmentKey(path: path, reason: "cannot be read")
        }
        let stored: Stored
        do {
            stored = try JSONDecoder().decode(Stored.self, from: data)
        } catch {
            throw .invalidSegmentKey(path: path, reason: "is not a segment key file")
        }
        guard stored.formatVersion == formatVersion, stored.algorithm == algorithm else {
            throw .invalidSegmentKey(
                path: path, reason: "has format \(stored.formatVersion) and algorithm \(stored.algorithm); expected \(formatVersion) and \(algorithm)"
            )
        }
        guard let ciphertext = Data(base64Encoded: stored.wrappedKey.ciphertext) else {
            throw .invalidSegmentKey(path: path, reason: "holds a wrapped key that is not base64")
        }
        return SegmentKeyFile(
            wrappedKey: WrappedKey(keyId: stored.wrappedKey.keyId, keyVersion: stored.wrappedKey.keyVersion, ciphertext: Array(ciphertext)),
            encryptionContext: stored.encryptionContext
        )
    }

    /// Replaces the file at `path` durably: temporary file, fsync, rename, fsync of the directory.
    public func write(to path: String) throws(LogError) {
        let stored = Stored(
            formatVersion: Self.formatVersion,
            algorithm: Self.algorithm,
            wrappedKey: .init(keyId: wrappedKey.keyId, keyVersion: wrappedKey.keyVersion, ciphertext: Data(wrappedKey.ciphertext).base64EncodedString()),
            encryptionContext: encryptionContext
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            try DurableFile.replace(URL(fileURLWithPath: path), with: try encoder.encode(stored))
        } catch let error as POSIXError {
            throw .io(operation: error.operation, path: path, errno: error.code)
        } catch {
            throw .invalidSegmentKey(path: path, reason: "could not be encoded")
        }
    }

    private struct Stored: Codable {
        var formatVersion: Int
        var algorithm: String
        var wrappedKey: StoredWrappedKey
        var encryptionContext: [String: String]
    }

    private struct StoredWrappedKey: Codable {
        var keyId: String
        var keyVersion: Int?
        var ciphertext: String
    }
}
