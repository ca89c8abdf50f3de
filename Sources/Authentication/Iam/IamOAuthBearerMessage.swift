/// The OAUTHBEARER client-first message (RFC 7628 §3.1), with the grammar Kafka's
/// `OAuthBearerClientInitialResponse` enforces:
/// `n,` [`a=` saslname] `,` `\x01` *(key `=` value `\x01`) `\x01`, where key is `[A-Za-z]+`, value is
/// `[\x21-\x7E \t\r\n]+`, and the `auth` pair is `Bearer <token>` (scheme without regard to case).
enum IamOAuthBearerMessage {
    private static let separator: UInt8 = 0x01

    /// The bearer token's text. Other extensions are allowed and ignored (Kafka passes them to a callback; we have none).
    static func bearerToken(_ message: [UInt8]) throws(IamAuthenticationError) -> String {
        guard message.starts(with: Array("n,".utf8)) else {
            throw .malformed("the GS2 header is not 'n,' (channel binding is not supported)")
        }
        var index = 2
        if message[index...].starts(with: Array("a=".utf8)) {
            guard let comma = message[index...].firstIndex(of: UInt8(ascii: ",")) else {
                throw .malformed("the GS2 header has no end")
            }
            // Kafka's SASLNAME is non-empty, so `n,a=,` does not parse; any real authorization id is refused.
            guard comma > index + 2 else { throw .malformed("empty authorization id") }
            throw .authorizationIdNotSupported
        }
        guard index < message.count, message[index] == UInt8(ascii: ",") else {
            throw .malformed("the GS2 header is not 'n,,'")
        }
        index += 1
        guard message.count >= index + 2, message[index] == separator, message.last == separator else {
            throw .malformed("the key/value pairs are not framed by \\x01")
        }
        // Between the opening and the closing \x01: zero or more `key=value\x01`.
        let pairs = message[(index + 1)..<(message.count - 1)]
        guard pairs.isEmpty || pairs.last == separator else {
            throw .malformed("the message does not end with \\x01\\x01")
        }
        var auth: ArraySlice<UInt8>?
        var keys = Set<ArraySlice<UInt8>>()
        for pair in pairs.split(separator: separator, omittingEmptySubsequences: false).dropLast() {
            guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else { throw .malformed("a pair has no '='") }
            let key = pair[pair.startIndex..<equals]
            let value = pair[(equals + 1)...]
            guard !key.isEmpty, key.allSatisfy(isKeyByte) else { throw .malformed("an extension name is not letters") }
            guard !value.isEmpty, value.allSatisfy(isValueByte) else { throw .malformed("an extension value has a byte outside the grammar") }
            guard keys.insert(key).inserted else { throw .malformed("a key appears twice") }
            if key.elementsEqual("auth".utf8) { auth = value }
        }
        guard let auth else { throw .malformed("no auth pair") }
        return try bearer(auth)
    }

    /// `scheme SP+ token` with scheme `Bearer` and token `[-_.a-zA-Z0-9]+` followed by optional `=` padding.
    private static func bearer(_ auth: ArraySlice<UInt8>) throws(IamAuthenticationError) -> String {
        guard let space = auth.firstIndex(of: UInt8(ascii: " ")) else { throw .malformed("the auth value is not 'Bearer <token>'") }
        let scheme = auth[auth.startIndex..<space]
        guard String(decoding: scheme, as: UTF8.self).lowercased() == "bearer" else {
            throw .malformed("the auth scheme is not Bearer")
        }
        var token = auth[space...].drop(while: { $0 == UInt8(ascii: " ") })
        let unpadded = token.prefix(while: { $0 != UInt8(ascii: "=") })
        guard !unpadded.isEmpty,
            unpadded.allSatisfy({ IamTokenSyntax.isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }),
            token[unpadded.endIndex...].allSatisfy({ $0 == UInt8(ascii: "=") })
        else { throw .malformed("the bearer token has a character outside base64url") }
        token = unpadded
        return String(decoding: token, as: UTF8.self)
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
    }

    private static func isValueByte(_ byte: UInt8) -> Bool {
        (0x21...0x7E).contains(byte) || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
            || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
    }
}
