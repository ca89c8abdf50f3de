/// An encryption context as bytes for AES-GCM's associated data: the pairs
/// sorted by the UTF-8 bytes of their keys, each string prefixed with its
/// length, so the encoding is independent of dictionary order and no two
/// different contexts encode alike. Strings compare byte for byte.
enum CanonicalContext {
    static func bytes(of context: EncryptionContext) -> [UInt8] {
        var bytes: [UInt8] = []
        appendLength(context.count, to: &bytes)
        for (key, value) in context.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            append(key, to: &bytes)
            append(value, to: &bytes)
        }
        return bytes
    }

    static func append(_ string: String, to bytes: inout [UInt8]) {
        appendLength(string.utf8.count, to: &bytes)
        bytes.append(contentsOf: string.utf8)
    }

    private static func appendLength(_ length: Int, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: UInt32(length).bigEndian) { bytes.append(contentsOf: $0) }
    }
}
