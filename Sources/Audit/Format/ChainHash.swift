import Crypto

/// The SHA-256 of one record's line (its exact bytes, without the newline):
/// each record carries the hash of the one before it as `prev`, so changing,
/// removing or reordering any record breaks the link after it.
public struct ChainHash: Hashable, Sendable, CustomStringConvertible {
    public static let byteCount = 32

    /// What the first record of a log chains from: 32 zero bytes.
    public static let genesis = ChainHash(bytes: [UInt8](repeating: 0, count: byteCount))

    public let bytes: [UInt8]

    init(bytes: [UInt8]) {
        precondition(bytes.count == Self.byteCount, "a chain hash is 32 bytes")
        self.bytes = bytes
    }

    /// The hash of a line as written (without its newline).
    public init(ofLine line: ArraySlice<UInt8>) {
        var hasher = SHA256()
        line.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        self.init(bytes: Array(hasher.finalize()))
    }

    public init(ofLine line: [UInt8]) {
        self.init(ofLine: line[...])
    }

    /// Lower-case hex, as in the log; nil for anything else.
    public init?(hex: String) {
        guard let bytes = Hex.decode(hex, count: Self.byteCount) else { return nil }
        self.init(bytes: bytes)
    }

    public var description: String { Hex.encode(bytes) }
}
