import Crypto
import Foundation
import SecretHandling

/// The key that seals the local keyring. Only keys derived from it are kept
/// (as `SymmetricKey`, zeroed when released); it never prints its bytes.
public struct RootKey: Sendable {
    public static let environmentVariable = "PORTCULLIS_ROOT_KEY"
    public static let byteCount = 32

    /// Seals and opens the keyring file.
    let keyringKey: SymmetricKey
    /// A short MAC that tells "another root key" apart from "altered file".
    let checkValue: [UInt8]

    /// A root key from base64 text of 32 bytes (surrounding whitespace is ignored).
    public init(base64 text: String) throws(KeyServiceError) {
        try self.init(base64: Array(text.utf8), origin: "the root key")
    }

    /// `origin` names where the text came from, for the error message.
    init(base64 text: [UInt8], origin: String) throws(KeyServiceError) {
        let trimmed = text.drop { Self.isWhitespace($0) }.reversed().drop { Self.isWhitespace($0) }.reversed()
        var encoded = Data(trimmed)
        defer { SecretBytes.zero(&encoded) }
        guard var material = Data(base64Encoded: encoded) else {
            throw .rootKeyUnavailable("\(origin) is not base64 text (expected base64 of \(Self.byteCount) random bytes)")
        }
        defer { SecretBytes.zero(&material) }
        guard material.count == Self.byteCount else {
            throw .rootKeyUnavailable("\(origin) decodes to \(material.count) bytes; a root key is \(Self.byteCount) bytes")
        }
        self.init(material: SymmetricKey(data: material))
    }

    init(material: SymmetricKey) {
        keyringKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: material,
            info: Array("portcullis keyring v1".utf8),
            outputByteCount: 32
        )
        checkValue = Array(HMAC<SHA256>.authenticationCode(for: Array("portcullis root key check v1".utf8), using: material).prefix(8))
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t")
    }
}

extension RootKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "RootKey(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: []) }
}
