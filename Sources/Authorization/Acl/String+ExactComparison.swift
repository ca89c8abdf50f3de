/// Names compared as Kafka compares them: code unit by code unit. Swift's
/// `==` and `hasPrefix` treat canonically equivalent text as equal and
/// compare whole Characters, so `"e\u{301}x".hasPrefix("e")` is false, and
/// a PREFIXED DENY for `e` would miss a topic Kafka says it covers. UTF-8
/// bytes give Kafka's answers: a UTF-16 prefix of valid text is a UTF-8 prefix.
extension String {
    func isExactly(_ other: String) -> Bool {
        withBytes(of: self) { bytes in withBytes(of: other) { bytes.elementsEqual($0) } }
    }

    func startsExactly(with prefix: String) -> Bool {
        withBytes(of: self) { bytes in withBytes(of: prefix) { bytes.starts(with: $0) } }
    }
}

/// The text's UTF-8 bytes in place (a native string's storage): comparing
/// buffers is several times faster than comparing `utf8` views.
func withBytes<Result>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    var text = text
    return text.withUTF8(body)
}

/// A name as a dictionary or set key with Kafka's exact equality (see `isExactly`).
struct ExactName: Hashable, Sendable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.text.isExactly(rhs.text) }

    func hash(into hasher: inout Hasher) {
        withBytes(of: text) { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
