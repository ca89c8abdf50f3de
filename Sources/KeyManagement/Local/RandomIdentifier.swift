/// Random hex strings for key ids, from the system's cryptographic generator.
enum RandomIdentifier {
    static func hex(byteCount: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        text.reserveCapacity(byteCount * 2)
        for _ in 0..<byteCount {
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            if byte < 16 { text += "0" }
            text += String(byte, radix: 16)
        }
        return text
    }
}
