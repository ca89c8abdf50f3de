import Crypto
import Foundation
import SecretHandling

/// The keyring file's layout:
///
///     "PCKR" | format (1 byte) = 1 | root key check value (8) | nonce (12) | ciphertext | tag (16)
///
/// sealed with AES-256-GCM under a key derived from the root key, the first
/// 13 bytes being the associated data. The check value tells "sealed under
/// another root key" apart from "damaged or altered file".
enum SealedKeyring {
    static let magic = Array("PCKR".utf8)
    static let format: UInt8 = 1
    private static let headerCount = magic.count + 1 + 8

    static func seal(_ keyring: Keyring, with rootKey: RootKey) throws(KeyServiceError) -> [UInt8] {
        var json = try keyring.encodedJSON()
        defer { SecretBytes.zero(&json) }
        let header = magic + [format] + rootKey.checkValue
        do {
            let box = try AES.GCM.seal(json, using: rootKey.keyringKey, authenticating: header)
            return header + Array(box.combined!)
        } catch {
            throw .serviceFailure("cannot seal the keyring: \(error)")
        }
    }

    static func open(_ bytes: [UInt8], with rootKey: RootKey, path: String) throws(KeyServiceError) -> Keyring {
        guard bytes.count >= headerCount + 12 + 16, Array(bytes.prefix(magic.count)) == magic else {
            throw .serviceFailure("\(path) is not a Portcullis keyring file")
        }
        guard bytes[magic.count] == format else {
            throw .serviceFailure("keyring \(path) has file format \(bytes[magic.count]); this version reads format \(format)")
        }
        let header = bytes[0..<headerCount]
        guard constantTimeEquals(header.suffix(8), rootKey.checkValue) else {
            throw .rootKeyUnavailable("keyring \(path) was sealed under another root key")
        }
        var json: Data
        do {
            let box = try AES.GCM.SealedBox(combined: bytes[headerCount...])
            json = try AES.GCM.open(box, using: rootKey.keyringKey, authenticating: header)
        } catch {
            throw .rootKeyUnavailable("the root key does not open keyring \(path): the file is damaged or was altered")
        }
        defer { SecretBytes.zero(&json) }
        return try Keyring.decoded(fromJSON: json, path: path)
    }
}
