/// A parsed client-final message (RFC 5802 §7):
///
///     client-final-message = channel-binding "," nonce ["," extensions] "," proof
///     channel-binding      = "c=" base64
///     proof                = "p=" base64
struct ScramClientFinalMessage {
    /// The decoded `c=` attribute: the gs2 header, since no channel binding data is in use.
    let channelBinding: [UInt8]
    let nonce: Substring
    let proof: [UInt8]
    /// Everything before ",p=" exactly as received: it enters the AuthMessage byte for byte.
    let withoutProof: [UInt8]

    init(parsing bytes: [UInt8]) throws(ScramError) {
        func malformed(_ reason: String) -> ScramError { .malformedMessage(.clientFinal, reason: reason) }

        guard !bytes.isEmpty else { throw malformed("empty") }
        guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else {
            throw malformed("not a NUL-free UTF-8 string")
        }
        let fields = text.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count >= 3 else { throw malformed("missing attributes") }
        guard let encodedBinding = ScramGrammar.value(of: fields[0], attribute: "c"),
              let binding = ScramBase64.decode(encodedBinding) else { throw malformed("missing or invalid channel binding") }
        guard let nonce = ScramGrammar.value(of: fields[1], attribute: "r"), ScramGrammar.isNonce(nonce) else {
            throw malformed("missing or invalid nonce")
        }
        for field in fields.dropFirst(2).dropLast() where ScramGrammar.extensionAttribute(field) == nil {
            throw malformed("invalid extension")
        }
        let proofField = fields[fields.count - 1]
        guard let encodedProof = ScramGrammar.value(of: proofField, attribute: "p"),
              let proof = ScramBase64.decode(encodedProof), !proof.isEmpty else { throw malformed("missing or invalid proof") }

        channelBinding = binding
        self.nonce = nonce
        self.proof = proof
        // The comma before "p=" belongs to neither part.
        withoutProof = Array(text[..<text.index(before: proofField.startIndex)].utf8)
    }
}
