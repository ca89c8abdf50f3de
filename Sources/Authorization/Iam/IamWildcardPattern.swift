/// A policy's Action, Resource or `StringLike` value, compiled once when the
/// document is parsed: `*` matches any run of characters (`/` and `:`
/// included, as in IAM's Resource element), `?` exactly one character
/// (one Unicode scalar, however many UTF-8 bytes it takes). Matching runs
/// over UTF-8 bytes with the classic greedy-star backtrack, which is linear
/// in practice and never worse than pattern × text; the common shapes (no
/// wildcard, `*`, `prefix*`) skip it.
struct IamWildcardPattern: Sendable, Hashable, CustomStringConvertible {
    enum Shape: Sendable, Hashable {
        case anything
        case exact
        case prefix
        case general
    }

    /// The pattern as written (for display).
    let text: String
    let caseInsensitive: Bool
    let shape: Shape
    /// The pattern's bytes (lowercased when case-insensitive); for `.prefix`
    /// without the trailing `*`.
    let bytes: [UInt8]

    init(_ text: String, caseInsensitive: Bool = false) {
        self.text = text
        self.caseInsensitive = caseInsensitive
        let folded = Array((caseInsensitive ? text.lowercased() : text).utf8)
        let star = UInt8(ascii: "*"), question = UInt8(ascii: "?")
        if folded.allSatisfy({ $0 == star }), !folded.isEmpty {
            shape = .anything
            bytes = []
        } else if !folded.contains(star), !folded.contains(question) {
            shape = .exact
            bytes = folded
        } else if folded.last == star, !folded.dropLast().contains(star), !folded.contains(question) {
            shape = .prefix
            bytes = Array(folded.dropLast())
        } else {
            shape = .general
            bytes = folded
        }
    }

    /// Whether the pattern has a wildcard at all.
    var isLiteral: Bool { shape == .exact }

    var description: String { text }

    func matches(_ value: String) -> Bool {
        if shape == .anything { return true }
        if caseInsensitive {
            return withBytes(of: value.lowercased()) { matches(bytes: $0) }
        }
        return withBytes(of: value) { matches(bytes: $0) }
    }

    /// Matches bytes already folded as the pattern expects (lowercased when
    /// the pattern is case-insensitive).
    func matches(bytes value: UnsafeBufferPointer<UInt8>) -> Bool {
        switch shape {
        case .anything: return true
        case .exact: return value.elementsEqual(bytes)
        case .prefix: return value.starts(with: bytes)
        case .general: return bytes.withUnsafeBufferPointer { Self.glob($0, value) }
        }
    }

    private static func glob(_ pattern: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>) -> Bool {
        let star = UInt8(ascii: "*"), question = UInt8(ascii: "?")
        var p = 0, v = 0
        var starAt = -1, resumeAt = 0
        while v < value.count {
            if p < pattern.count, pattern[p] == question {
                p += 1
                v += scalarLength(value[v])
            } else if p < pattern.count, pattern[p] == star {
                starAt = p
                p += 1
                resumeAt = v
            } else if p < pattern.count, pattern[p] == value[v] {
                p += 1
                v += 1
            } else if starAt >= 0 {
                // Let the last star swallow one more character and retry.
                p = starAt + 1
                resumeAt += scalarLength(value[resumeAt])
                v = resumeAt
            } else {
                return false
            }
        }
        guard v == value.count else {
            // A `?` stepped over a truncated sequence: only valid UTF-8 reaches
            // here (Swift strings), so this cannot happen; refuse to match.
            return false
        }
        while p < pattern.count, pattern[p] == star { p += 1 }
        return p == pattern.count
    }

    /// How many bytes the UTF-8 sequence led by `lead` takes.
    private static func scalarLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0..<0x80: 1
        case 0xF0...: 4
        case 0xE0...: 3
        case 0xC0...: 2
        default: 1
        }
    }
}
