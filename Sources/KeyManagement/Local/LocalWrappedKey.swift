import Crypto
import Foundation
import SecretHandling

/// A data key wrapped by the local KMS, 65 bytes:
///
///     format (1) = 1 | KEK version (4, big-endian) | nonce (12) | ciphertext (32) | tag (16)
///
/// AES-256-GCM under that KEK version; the associated data is the first
/// five bytes, the KEK id and the canonical encryption context, so a wrong
/// context, key or version fails to unwrap.
struct LocalWrappedKey {
    static let format: UInt8 = 1
    static let byteCount = 5 + 12 + 32 + 16

    let version: Int
    let sealed: ArraySlice<UInt8>

    /// Parses the header; nil when `bytes` is not a wrapped key of this format.
    init?(_ bytes: [UInt8]) {
        guard bytes.count == Self.byteCount, bytes[0] == Self.format else { return nil }
        let version = bytes[1..<5].reduce(0) { $0 << 8 | Int($1) }
        guard version >= 1 else { return nil }
        self.version = version
        sealed = bytes[5...]
    }

    static func wrap(_ dataKey: SymmetricKey, kekId: String, version: KeyVersion, context: EncryptionContext) throws(KeyServiceError) -> [UInt8] {
        let header = [format] + withUnsafeBytes(of: UInt32(version.number).bigEndian, Array.init)
        let aad = associatedData(header: header, kekId: kekId, context: context)
        do {
            let box = try dataKey.withUnsafeBytes { try AES.GCM.seal($0, using: version.material, authenticating: aad) }
            return header + Array(box.combined!)
        } catch {
            throw .serviceFailure("cannot wrap a data key: \(error)")
        }
    }

    func unwrap(kekId: String, version: KeyVersion, context: EncryptionContext) throws(KeyServiceError) -> SymmetricKey {
        let header = [Self.format] + withUnsafeBytes(of: UInt32(self.version).bigEndian, Array.init)
        let aad = Self.associatedData(header: header, kekId: kekId, context: context)
        do {
            var plaintext = try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: version.material, authenticating: aad)
            defer { SecretBytes.zero(&plaintext) }
            return SymmetricKey(data: plaintext)
        } catch {
            throw .invalidCiphertext
        }
    }

    private static func associatedData(header: [UInt8], kekId: String, context: EncryptionContext) -> [UInt8] {
        var aad = header
        CanonicalContext.append(kekId, to: &aad)
        aad += CanonicalContext.bytes(of: context)
        return aad
    }
}
