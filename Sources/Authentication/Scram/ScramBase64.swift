import Foundation

/// Base64 as SCRAM's attributes carry it (RFC 5802 §7: standard alphabet, padded).
enum ScramBase64 {
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
    }

    /// Decodes canonical base64 only. Foundation's decoder alone accepts non-canonical input such as
    /// "====" or surplus padding, so the result must re-encode to exactly the text it came from.
    static func decode(_ text: Substring) -> [UInt8]? {
        guard let data = Data(base64Encoded: String(text)), data.base64EncodedString() == text else { return nil }
        return Array(data)
    }
}
