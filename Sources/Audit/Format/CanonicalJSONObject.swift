/// Writes one flat JSON object in the order its members are added, with
/// one spelling per value: no spaces, integers in decimal, strings escaped
/// minimally (`"`, `\`, control characters; everything else as UTF-8).
/// Foundation's JSONEncoder promises neither order nor escaping.
struct CanonicalJSONObject {
    private(set) var bytes: [UInt8] = [UInt8(ascii: "{")]

    init(reservingCapacity capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    mutating func add(_ field: AuditField, _ value: String?) {
        guard let value else { return }
        addKey(field)
        appendString(value)
    }

    mutating func add<Integer: BinaryInteger>(_ field: AuditField, _ value: Integer?) {
        guard let value else { return }
        addKey(field)
        bytes.append(contentsOf: String(value).utf8)
    }

    /// The object, closed.
    func finished() -> [UInt8] {
        bytes + [UInt8(ascii: "}")]
    }

    private mutating func addKey(_ field: AuditField) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        appendString(field.rawValue)
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func appendString(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20, 0x7f:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(contentsOf: Array(Hex.encode([byte]).utf8))
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
