import Crypto
import Foundation
import SecretHandling

/// New access key ids, secrets and session tokens, as AWS makes them, from the system's CSPRNG.
enum IamCredentialGenerator {
    /// RFC 4648 base32's alphabet, which AWS's key ids use after their prefix.
    private static let base32 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
    private static let base64 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static let userKeyPrefix = "AKIA"
    static let sessionKeyPrefix = "ASIA"

    /// `prefix` and 16 base32 characters: 80 random bits.
    static func accessKeyId(prefix: String) -> String {
        var random = SecretBytes.random(count: 16)
        defer { SecretBytes.zero(&random) }
        return prefix + String(decoding: random.map { base32[Int($0 & 31)] }, as: UTF8.self)
    }

    /// 40 characters of base64's alphabet (240 random bits), as IAM's secret access keys.
    /// Zero the result when done.
    static func secretAccessKey() -> [UInt8] {
        var random = SecretBytes.random(count: 40)
        defer { SecretBytes.zero(&random) }
        return random.map { base64[Int($0 & 63)] }
    }

    /// Base64 of 96 random bytes (128 characters).
    static func sessionToken() -> String {
        var random = SecretBytes.random(count: 96)
        defer { SecretBytes.zero(&random) }
        return Data(random).base64EncodedString()
    }

    static func sha256(_ text: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(text.utf8)))
    }

    /// Whether `id` is one `accessKeyId(prefix:)` could have made.
    static func isAccessKeyId(_ id: String, prefix: String) -> Bool {
        let bytes = Array(id.utf8)
        return bytes.count == 20 && id.hasPrefix(prefix) && bytes[4...].allSatisfy { base32.contains($0) }
    }
}
