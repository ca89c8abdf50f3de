import AWSSigV4
import Foundation

/// The OAUTHBEARER token of `aws-msk-iam-sasl-signer-*`: base64url (unpadded) of a SigV4 presigned URL
/// `https://kafka.<region>.amazonaws.com/?Action=kafka-cluster%3AConnect&X-Amz-…&X-Amz-Signature=…&User-Agent=…`.
enum IamPresignedURL {
    /// Appended by the signer after signing, so not part of the canonical query.
    static let unsignedParameter = "User-Agent"
    static let signatureParameter = "X-Amz-Signature"

    static func parse(base64URL: String) throws(IamAuthenticationError) -> IamSignedToken {
        guard let bytes = decodeBase64URL(base64URL) else { throw .malformed("the bearer token is not base64url") }
        // A URL is printable ASCII (everything else percent-encoded), which also keeps control bytes out of values.
        guard bytes.allSatisfy({ (0x21...0x7E).contains($0) }) else { throw .malformed("the presigned URL has a byte outside printable ASCII") }
        let url = String(decoding: bytes, as: UTF8.self)
        return try parse(url: url)
    }

    static func parse(url: String) throws(IamAuthenticationError) -> IamSignedToken {
        let scheme = "https://"
        guard url.utf8.starts(with: scheme.utf8) else { throw .malformed("the presigned URL is not https") }
        let rest = url.utf8.dropFirst(scheme.utf8.count)
        guard let pathStart = rest.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") })
        else { throw .malformed("the presigned URL has no query") }
        let authority = String(Substring(rest[rest.startIndex..<pathStart]))
        let pathAndQuery = rest[pathStart...]
        guard pathAndQuery.starts(with: "/?".utf8) else { throw .malformed("the presigned URL's path is not /") }
        let query = pathAndQuery.dropFirst(2)
        guard !query.contains(UInt8(ascii: "#")) else { throw .malformed("the presigned URL has a fragment") }

        var fields: [String: String] = [:]
        var signedQuery: [AWSSigV4.QueryParameter] = []
        for pair in query.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false) {
            guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else { throw .malformed("a query parameter has no '='") }
            let isUserAgent = pair[pair.startIndex..<equals].elementsEqual(unsignedParameter.utf8)
            guard let name = percentDecode(pair[pair.startIndex..<equals], plusIsSpace: false),
                let value = percentDecode(pair[pair.index(after: equals)...], plusIsSpace: isUserAgent)
            else { throw .malformed("a query parameter is not percent-encoded UTF-8") }
            guard fields.updateValue(value, forKey: name) == nil else { throw .malformed("a query parameter appears twice") }
            if name != signatureParameter && name != unsignedParameter {
                signedQuery.append((name: name, value: value))
            }
        }
        return try IamSignedToken(
            kind: .oauthBearer, fields: fields, signedQuery: signedQuery,
            host: try signedHost(authority), userAgent: fields[unsignedParameter]
        )
    }

    /// The `host` header botocore signs for this authority: the host name lower-cased, with the port only
    /// when it is not https's 443. User information is refused.
    private static func signedHost(_ authority: String) throws(IamAuthenticationError) -> String {
        guard !authority.contains("@") else { throw .malformed("the presigned URL has user information") }
        let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty else { throw .malformed("the presigned URL's host is not a host name") }
        let host = parts[0].lowercased()
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].utf8.allSatisfy(IamTokenSyntax.isDigit), parts[1].utf8.count <= 5 else {
                throw .malformed("the presigned URL's port is not a number")
            }
            return parts[1] == "443" ? host : "\(host):\(parts[1])"
        }
        return host
    }

    /// Unpadded (or correctly padded) base64url, canonical: the decoded bytes must re-encode to the same text.
    static func decodeBase64URL(_ text: String) -> [UInt8]? {
        guard text.utf8.allSatisfy({ IamTokenSyntax.isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") })
        else { return nil }
        var standard = String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        standard += String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: standard), data.base64EncodedString() == standard else { return nil }
        return Array(data)
    }

    private static func percentDecode(_ text: Substring.UTF8View.SubSequence, plusIsSpace: Bool) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == UInt8(ascii: "%") {
                let high = text.index(after: index)
                guard high < text.endIndex else { return nil }
                let low = text.index(after: high)
                guard low < text.endIndex, let h = hexValue(text[high]), let l = hexValue(text[low]) else { return nil }
                bytes.append(h << 4 | l)
                index = text.index(after: low)
                continue
            }
            bytes.append(byte == UInt8(ascii: "+") && plusIsSpace ? UInt8(ascii: " ") : byte)
            index = text.index(after: index)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
