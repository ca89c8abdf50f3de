import NIOCore

/// Where two byte sequences first differ, shown with a little context.
struct ByteDifference: CustomStringConvertible {
    let expected: ByteBuffer
    let actual: ByteBuffer

    var description: String {
        let left = Array(expected.readableBytesView)
        let right = Array(actual.readableBytesView)
        let offset = zip(left, right).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(left.count, right.count)
        let start = max(0, offset - 8)
        func around(_ bytes: [UInt8]) -> String {
            bytes[min(start, bytes.count)..<min(offset + 16, bytes.count)].map(hexByte).joined(separator: " ")
        }
        return "first difference at byte \(offset) of \(left.count) (sent) / \(right.count) (re-encoded); from byte \(start): sent [\(around(left))] re-encoded [\(around(right))]"
    }
}

extension ByteBuffer {
    /// The readable bytes as lowercase hex, for failure messages.
    var hexDump: String {
        self.readableBytesView.map(hexByte).joined()
    }
}

/// Two lowercase hex digits.
func hexByte(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16)
    return byte < 16 ? "0" + digits : digits
}
