import Crypto
import SecretHandling

extension AWSSigV4 {
    /// `AWS4-HMAC-SHA256`, the request time, the scope and the hex SHA-256 of the canonical request, one per line.
    public static func stringToSign(timestamp: String, scope: CredentialScope, canonicalRequest: String) -> String {
        [algorithm, timestamp, scope.description, payloadHash(Array(canonicalRequest.utf8))].joined(separator: "\n")
    }

    /// The key for one day, region and service: HMAC-SHA256 chained from
    /// `"AWS4" + secret` through the scope's date, region, service and `aws4_request`.
    public static func signingKey(secretAccessKey: SymmetricKey, scope: CredentialScope) -> SymmetricKey {
        var key = prefixedSecret(secretAccessKey)
        for part in [scope.date, scope.region, scope.service, "aws4_request"] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key))
        }
        return key
    }

    /// The hex HMAC-SHA256 of the string to sign: the `Signature=` value.
    /// Verifiers compare it in constant time, never with `==`.
    public static func signature(stringToSign: String, signingKey: SymmetricKey) -> String {
        hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: signingKey))
    }

    private static func prefixedSecret(_ secret: SymmetricKey) -> SymmetricKey {
        let prefix = Array("AWS4".utf8)
        return secret.withUnsafeBytes { secretBytes in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: prefix.count + secretBytes.count, alignment: 1)
            defer {
                SecretBytes.zero(buffer)
                buffer.deallocate()
            }
            buffer.copyBytes(from: prefix)
            UnsafeMutableRawBufferPointer(rebasing: buffer[prefix.count...]).copyMemory(from: secretBytes)
            return SymmetricKey(data: buffer)
        }
    }
}
