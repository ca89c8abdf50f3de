/// Names compared as Kafka compares them: code unit by code unit. Swift's
/// `==` and `hasPrefix` treat canonically equivalent text as equal and
/// compare whole Characters, so `"e\u{301}x".hasPrefix("e")` is false, and
/// a PREFIXED DENY for `e` would miss a topic Kafka says it covers. UTF-8
/// bytes give Kafka's answers: a UTF-16 prefix of valid text is a UTF-8 prefix.
extension String {
    func isExactly(_ other: String) -> Bool {
        utf8.elementsEqual(other.utf8)
    }

    func startsExactly(with prefix: String) -> Bool {
        utf8.starts(with: prefix.utf8)
    }
}

/// A name as a dictionary or set key with Kafka's exact equality (see `isExactly`).
struct ExactName: Hashable, Sendable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.text.isExactly(rhs.text) }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
