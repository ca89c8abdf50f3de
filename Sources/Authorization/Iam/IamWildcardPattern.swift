#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        // One pass over the bytes (cheap in unoptimized builds too).
        var stars = 0, questions = 0, lastStar = -1
        for index in 0..<folded.count {
            switch folded[index] {
            case UInt8(ascii: "*"): stars += 1; lastStar = index
            case UInt8(ascii: "?"): questions += 1
            default: break
            }
        }
        if stars == folded.count, stars > 0 {
            shape = .anything
            bytes = []
        } else if stars == 0, questions == 0 {
            shape = .exact
            bytes = folded
        } else if stars == 1, questions == 0, lastStar == folded.count - 1 {
            shape = .prefix
            bytes = Array(folded[0..<lastStar])
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

    /// Matches text already lowercased when the pattern is case-insensitive.
    func matches(folded value: String) -> Bool {
        withBytes(of: value) { matches(bytes: $0) }
    }

    /// Matches bytes already folded as the pattern expects (lowercased when
    /// the pattern is case-insensitive).
    func matches(bytes value: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { pattern in
            switch shape {
            case .anything: true
            case .exact: value.count == pattern.count && Self.sameBytes(value, pattern, count: pattern.count)
            case .prefix: value.count >= pattern.count && Self.sameBytes(value, pattern, count: pattern.count)
            case .general: Self.glob(pattern, value)
            }
        }
    }

    /// memcmp: the generic `elementsEqual` is many times slower unoptimized,
    /// and the property tests run in debug builds.
    private static func sameBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, count: Int) -> Bool {
        count == 0 || memcmp(a.baseAddress!, b.baseAddress!, count) == 0
    }

    static func glob(_ pattern: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>) -> Bool {
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
