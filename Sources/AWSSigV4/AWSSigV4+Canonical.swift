extension AWSSigV4 {
    /// The canonical header block and the `SignedHeaders` list made from the same headers.
    public struct CanonicalHeaders: Hashable, Sendable {
        /// `name:value\n` per header: names lower-cased and sorted, values
        /// trimmed with inner runs of spaces collapsed, repeated names joined by commas.
        public var block: String
        /// The sorted lower-case names joined by `;`, e.g. `host;x-amz-date`.
        public var signedHeaders: String
    }

    /// Canonicalises exactly the headers given: a signer passes every header
    /// it signs, a verifier those named in the request's `SignedHeaders`.
    public static func canonicalHeaders(_ headers: [Header]) -> CanonicalHeaders {
        var values: [String: [String]] = [:]
        for header in headers {
            values[header.name.lowercased(), default: []].append(trimmedHeaderValue(header.value))
        }
        let sorted = values.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
        return CanonicalHeaders(
            block: sorted.map { "\($0.key):\($0.value.joined(separator: ","))\n" }.joined(),
            signedHeaders: sorted.map(\.key).joined(separator: ";")
        )
    }

    /// The path segment of the canonical request: the decoded path with each
    /// segment URI-encoded. No dot-segment normalisation: the services signed
    /// here (KMS, the MSK IAM token) use `/`.
    public static func canonicalURI(_ path: String) -> String {
        path.isEmpty ? "/" : uriEncode(path, encodingSlash: false)
    }

    /// The query string of the canonical request: names and values encoded,
    /// sorted by name then value.
    public static func canonicalQuery(_ parameters: [QueryParameter]) -> String {
        parameters
            .map { (name: Array(uriEncode($0.name).utf8), value: Array(uriEncode($0.value).utf8)) }
            .sorted {
                $0.name == $1.name
                    ? $0.value.lexicographicallyPrecedes($1.value)
                    : $0.name.lexicographicallyPrecedes($1.name)
            }
            .map { String(decoding: $0.name, as: UTF8.self) + "=" + String(decoding: $0.value, as: UTF8.self) }
            .joined(separator: "&")
    }

    public static func canonicalRequest(
        method: String,
        path: String,
        query: [QueryParameter],
        headers: CanonicalHeaders,
        payloadHash: String
    ) -> String {
        [
            method.uppercased(),
            canonicalURI(path),
            canonicalQuery(query),
            headers.block,
            headers.signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
    }

    /// RFC 3986 percent-encoding as SigV4 wants it: unreserved characters
    /// (`A-Z a-z 0-9 - _ . ~`) stay, every other UTF-8 byte becomes `%XX` in upper-case hex.
    public static func uriEncode(_ text: String, encodingSlash: Bool = true) -> String {
        let hexDigits = Array("0123456789ABCDEF".utf8)
        var encoded = [UInt8]()
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                encoded.append(byte)
            case UInt8(ascii: "/") where !encodingSlash:
                encoded.append(byte)
            default:
                encoded += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    private static func trimmedHeaderValue(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
