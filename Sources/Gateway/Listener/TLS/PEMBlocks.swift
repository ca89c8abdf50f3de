/// Finds PEM blocks in a file's bytes, without decoding them.
enum PEMBlocks {
    private static let begin = Array("-----BEGIN ".utf8)
    private static let end = Array("-----END ".utf8)
    private static let dashes = Array("-----".utf8)
    private static let privateKeySuffix = Array("PRIVATE KEY".utf8)
    private static let certificateBeginLines = ["CERTIFICATE", "TRUSTED CERTIFICATE", "X509 CERTIFICATE"]
        .map { begin + Array($0.utf8) + dashes }

    /// Whether a certificate block begins anywhere, complete or not: tells an
    /// empty or key-only file apart from one whose certificate is broken.
    static func containsCertificate(_ pem: [UInt8]) -> Bool {
        certificateBeginLines.contains { firstIndex(of: $0, in: pem, from: pem.startIndex) != nil }
    }

    /// The one `…PRIVATE KEY` block, BEGIN to END line, so swift-certificates
    /// (which takes a single PEM document) can parse the key too: files made
    /// by `openssl ecparam -genkey` start with an `EC PARAMETERS` block. Nil
    /// when there is none or more than one, as which key is meant is unclear.
    static func privateKey(in pem: [UInt8]) -> ArraySlice<UInt8>? {
        let keys = blocks(in: pem).filter { $0.label.count >= privateKeySuffix.count && $0.label.suffix(privateKeySuffix.count).elementsEqual(privateKeySuffix) }
        return keys.count == 1 ? keys[0].text : nil
    }

    private struct Block {
        let label: ArraySlice<UInt8>
        let text: ArraySlice<UInt8>
    }

    /// Complete blocks in order; scanning stops at the first unterminated one.
    private static func blocks(in pem: [UInt8]) -> [Block] {
        var found: [Block] = []
        var position = pem.startIndex
        while let start = firstIndex(of: begin, in: pem, from: position) {
            let labelStart = start + begin.count
            guard let labelEnd = firstIndex(of: dashes, in: pem, from: labelStart) else { break }
            let label = pem[labelStart..<labelEnd]
            let endLine = end + label + dashes
            guard let endStart = firstIndex(of: endLine, in: pem, from: labelEnd) else { break }
            let blockEnd = endStart + endLine.count
            found.append(Block(label: label, text: pem[start..<blockEnd]))
            position = blockEnd
        }
        return found
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        return (start...(haystack.count - needle.count)).first { index in
            haystack[index..<(index + needle.count)].elementsEqual(needle)
        }
    }
}
