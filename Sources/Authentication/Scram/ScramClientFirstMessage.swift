/// A parsed client-first message (RFC 5802 §7):
///
///     client-first-message = gs2-header client-first-message-bare
///     gs2-header           = "n," [ "a=" saslname ] ","
///     client-first-message-bare = username "," nonce ["," extensions]
///
/// Only `n` (no channel binding) is accepted, as Kafka does. The reserved `m=` attribute is refused,
/// as RFC 5802 requires of a server that does not know the extension (Kafka ignores it).
struct ScramClientFirstMessage {
    /// "n,," or "n,a=NAME,": what the client-final `c=` must carry, base64-encoded.
    let gs2Header: [UInt8]
    let authorizationId: String?
    let username: String
    let clientNonce: Substring
    /// The bare message exactly as received: it enters the AuthMessage byte for byte.
    let bare: [UInt8]
    /// Kafka's `tokenauth=true` extension: the client wants delegation-token authentication.
    let requestsTokenAuthentication: Bool

    init(parsing bytes: [UInt8]) throws(ScramError) {
        func malformed(_ reason: String) -> ScramError { .malformedMessage(.clientFirst, reason: reason) }

        guard !bytes.isEmpty else { throw malformed("empty") }
        guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else {
            throw malformed("not a NUL-free UTF-8 string")
        }
        let fields = text.split(separator: ",", omittingEmptySubsequences: false)
        switch fields[0] {
        case "n": break
        case "y": throw .channelBindingUnsupported
        case let flag where flag.hasPrefix("p="): throw .channelBindingUnsupported
        default: throw malformed("invalid gs2 header")
        }
        guard fields.count >= 4 else { throw malformed("missing attributes") }

        if fields[1].isEmpty {
            authorizationId = nil
        } else {
            guard let encoded = ScramGrammar.value(of: fields[1], attribute: "a"),
                  let decoded = ScramSaslName.decode(encoded) else { throw malformed("invalid authorization id") }
            authorizationId = decoded
        }
        guard ScramGrammar.value(of: fields[2], attribute: "m") == nil else {
            throw malformed("mandatory extensions are not supported")
        }
        guard let encodedName = ScramGrammar.value(of: fields[2], attribute: "n") else { throw malformed("missing username") }
        guard let name = ScramSaslName.decode(encodedName) else { throw malformed("invalid username") }
        guard let nonce = ScramGrammar.value(of: fields[3], attribute: "r"), ScramGrammar.isNonce(nonce) else {
            throw malformed("missing or invalid nonce")
        }
        var tokenAuthentication = false
        for field in fields.dropFirst(4) {
            guard let (key, value) = ScramGrammar.extensionAttribute(field) else { throw malformed("invalid extension") }
            // Java's Boolean.parseBoolean, which Kafka applies to this extension, ignores case.
            if key == "tokenauth", value.lowercased() == "true" { tokenAuthentication = true }
        }

        username = name
        clientNonce = nonce
        requestsTokenAuthentication = tokenAuthentication
        gs2Header = Array(text[..<fields[2].startIndex].utf8)
        bare = Array(text[fields[2].startIndex...].utf8)
    }
}
