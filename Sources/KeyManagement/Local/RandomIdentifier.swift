import SecretHandling

/// Random hex strings for key ids, from the system's cryptographic generator.
enum RandomIdentifier {
    static func hex(byteCount: Int) -> String {
        SecretBytes.random(count: byteCount).map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
