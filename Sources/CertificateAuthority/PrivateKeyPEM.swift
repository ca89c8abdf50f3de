import Crypto
import Foundation
import SecretHandling

/// P-256 private keys as PEM text: PKCS#8 ("BEGIN PRIVATE KEY"), which
/// OpenSSL (so librdkafka), BoringSSL (so NIOSSL) and Java all read. Works on
/// byte arrays rather than Strings so that every copy of the key can be zeroed.
enum PrivateKeyPEM {
    private static let pkcs8Label = "PRIVATE KEY"
    /// SEC 1, what `openssl ecparam -genkey` writes: accepted on reading.
    private static let sec1Label = "EC PRIVATE KEY"

    /// The PEM bytes of `key`; the caller zeroes them when done.
    static func encode(_ key: P256.Signing.PrivateKey) -> [UInt8] {
        var der = key.derRepresentation
        var base64 = der.base64EncodedData(options: [.lineLength64Characters, .endLineWithLineFeed])
        defer {
            SecretBytes.zero(&der)
            SecretBytes.zero(&base64)
        }
        var pem = Array("-----BEGIN \(pkcs8Label)-----\n".utf8)
        pem.reserveCapacity(pem.count + base64.count + 32)
        pem.append(contentsOf: base64)
        pem.append(contentsOf: Array("\n-----END \(pkcs8Label)-----\n".utf8))
        return pem
    }

    /// Parses one unencrypted PKCS#8 or SEC 1 P-256 key; `path` only names it in errors.
    static func decode(_ pem: [UInt8], path: String) throws(CertificateAuthorityError) -> P256.Signing.PrivateKey {
        let lines = pem.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
            .map { $0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0 }
        guard let begin = lines.firstIndex(where: { $0.starts(with: Array("-----BEGIN ".utf8)) }),
              let end = lines[begin...].firstIndex(where: { $0.starts(with: Array("-----END ".utf8)) })
        else {
            throw .malformedPrivateKey(path: path, reason: "no PEM block")
        }
        let label = String(decoding: lines[begin].dropFirst(11).prefix { $0 != UInt8(ascii: "-") }, as: UTF8.self)
        guard label == pkcs8Label || label == sec1Label else {
            throw .malformedPrivateKey(path: path, reason: "expected an unencrypted \"\(pkcs8Label)\" or \"\(sec1Label)\" PEM block, found \"\(label)\"")
        }
        var base64 = Data()
        for line in lines[(begin + 1)..<end] { base64.append(contentsOf: line) }
        defer { SecretBytes.zero(&base64) }
        guard var der = Data(base64Encoded: base64) else {
            throw .malformedPrivateKey(path: path, reason: "the PEM body is not base64")
        }
        defer { SecretBytes.zero(&der) }
        do {
            return try P256.Signing.PrivateKey(derRepresentation: der)
        } catch {
            throw .malformedPrivateKey(path: path, reason: "not an ECDSA P-256 private key")
        }
    }
}
