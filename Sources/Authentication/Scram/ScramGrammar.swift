/// The pieces of RFC 5802 §7's grammar that both client messages share. Messages are split on ","
/// (which no attribute value may contain) into fields of the form `name=value`.
enum ScramGrammar {
    /// The value of `field` when it is the attribute `name` ("r" for "r=..."), else nil.
    static func value(of field: Substring, attribute name: Character) -> Substring? {
        guard field.first == name, field.dropFirst().first == "=" else { return nil }
        return field.dropFirst(2)
    }

    /// RFC 5802 `nonce`: one or more printable ASCII characters other than ",".
    static func isNonce(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { (0x21...0x7E).contains($0) && $0 != UInt8(ascii: ",") }
    }

    /// An extension attribute `key=value` with an alphabetic key (Kafka allows keys longer than RFC 5802's
    /// single letter, e.g. `tokenauth`) and a non-empty value; returns the pair, or nil when malformed.
    static func extensionAttribute(_ field: Substring) -> (key: Substring, value: Substring)? {
        guard let equals = field.firstIndex(of: "=") else { return nil }
        let key = field[..<equals]
        let value = field[field.index(after: equals)...]
        guard !key.isEmpty, key.utf8.allSatisfy(isASCIILetter), !value.isEmpty else { return nil }
        return (key, value)
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
