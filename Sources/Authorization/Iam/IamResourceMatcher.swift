#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A statement's Resource (or NotResource) patterns compiled for the hot
/// path: every pattern's bytes in one array, and per pattern a plain
/// descriptor (no references, so scanning them retains nothing). Matching
/// has the semantics of `IamWildcardPattern.matches` (case-sensitive):
/// `*` any run of bytes, `?` one Unicode scalar. Every wildcard pattern is
/// first checked on its literal head (before the first wildcard) and tail
/// (after the last) with memcmp; patterns made of literals and `*` alone
/// then search their middle parts in order (leftmost fit is the right one
/// for `*`-only patterns); patterns with `?` fall back to the glob.
struct IamResourceMatcher: Sendable {
    struct Pattern: Sendable {
        enum Shape: UInt8, Sendable { case anything, exact, prefix, starsOnly, general }
        var shape: Shape
        var start: Int
        var count: Int
        /// Literal bytes before the first wildcard, and after the last.
        var head: Int
        var tail: Int
    }

    private let bytes: [UInt8]
    private let patterns: [Pattern]
    /// Some pattern is `*`: matches every ARN.
    let matchesEverything: Bool

    init(_ texts: [String]) {
        var bytes: [UInt8] = []
        var patterns: [Pattern] = []
        var everything = false
        for text in texts {
            let utf8 = Array(text.utf8)
            let star = UInt8(ascii: "*"), question = UInt8(ascii: "?")
            let firstWild = utf8.firstIndex { $0 == star || $0 == question }
            let shape: Pattern.Shape
            var head = utf8.count, tail = 0
            if let firstWild {
                let lastWild = utf8.lastIndex { $0 == star || $0 == question }!
                head = firstWild
                tail = utf8.count - 1 - lastWild
                if utf8.allSatisfy({ $0 == star }) {
                    shape = .anything
                    everything = true
                } else if !utf8.contains(question) {
                    shape = utf8.filter({ $0 == star }).count == 1 && lastWild == utf8.count - 1 ? .prefix : .starsOnly
                } else {
                    shape = .general
                }
            } else {
                shape = .exact
            }
            patterns.append(Pattern(shape: shape, start: bytes.count, count: utf8.count, head: head, tail: tail))
            bytes += utf8
        }
        self.bytes = bytes
        self.patterns = patterns
        matchesEverything = everything
    }

    /// Whether some pattern matches the ARN's bytes.
    func matchesAny(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        if matchesEverything { return true }
        return bytes.withUnsafeBufferPointer { all in
            patterns.withUnsafeBufferPointer { patterns in
                for pattern in patterns where Self.matches(pattern, all, value) { return true }
                return false
            }
        }
    }

    @inline(__always)
    private static func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        count == 0 || memcmp(a, b, count) == 0
    }

    private static func matches(_ pattern: Pattern, _ all: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>) -> Bool {
        let p = all.baseAddress! + pattern.start
        guard value.count > 0, let v = value.baseAddress else {
            // Empty text: the glob (any shape) decides.
            return IamWildcardPattern.glob(UnsafeBufferPointer(start: p, count: pattern.count), UnsafeBufferPointer(start: nil, count: 0))
        }
        switch pattern.shape {
        case .anything:
            return true
        case .exact:
            return value.count == pattern.count && same(v, p, pattern.count)
        case .prefix:
            return value.count >= pattern.head && same(v, p, pattern.head)
        case .starsOnly, .general:
            let head = pattern.head, tail = pattern.tail
            guard value.count >= head + tail, same(v, p, head), same(v + value.count - tail, p + pattern.count - tail, tail) else { return false }
            if pattern.shape == .general {
                return IamWildcardPattern.glob(UnsafeBufferPointer(start: p, count: pattern.count), value)
            }
            // `head * m1 * m2 … * tail`: find each middle part, in order, leftmost.
            let star = UInt8(ascii: "*")
            var at = head
            let end = value.count - tail
            var q = head
            let patternEnd = pattern.count - tail
            while q < patternEnd {
                if p[q] == star {
                    q += 1
                    continue
                }
                var partEnd = q + 1
                while partEnd < patternEnd, p[partEnd] != star { partEnd += 1 }
                let length = partEnd - q
                guard let found = find(p + q, length, in: v, from: at, to: end) else { return false }
                at = found + length
                q = partEnd
            }
            return true
        }
    }

    /// The first position in `text[from..<to]` where `needle` starts.
    private static func find(_ needle: UnsafePointer<UInt8>, _ length: Int, in text: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        var at = from
        let first = needle[0]
        while to - at >= length {
            guard let hit = memchr(text + at, Int32(first), to - at - length + 1) else { return nil }
            let position = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - text
            if same(text + position + 1, needle + 1, length - 1) { return position }
            at = position + 1
        }
        return nil
    }
}
