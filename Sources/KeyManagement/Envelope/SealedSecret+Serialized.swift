/// A compact binary form for storing a sealed secret in one column:
///
///     format (1) = 1 | key id length (2, big-endian) | key id (UTF-8)
///     | has version (1) | version (4, big-endian) | wrapped length (2) | wrapped key | ciphertext
///
/// Reading is strict: `init(serialized:)` accepts exactly what `serialized` writes.
extension SealedSecret {
    static let serializedFormat: UInt8 = 1

    public var serialized: [UInt8] {
        var bytes: [UInt8] = [Self.serializedFormat]
        let keyId = Array(wrappedKey.keyId.utf8)
        // KMS key ids and wrapped keys are a few hundred bytes at most (AWS: 2048 and 6144).
        precondition(keyId.count <= UInt16.max && wrappedKey.ciphertext.count <= UInt16.max, "a sealed secret's key is too long")
        Self.append(UInt16(truncatingIfNeeded: keyId.count), to: &bytes)
        bytes += keyId
        bytes.append(wrappedKey.keyVersion == nil ? 0 : 1)
        Self.append(UInt32(truncatingIfNeeded: wrappedKey.keyVersion ?? 0), to: &bytes)
        Self.append(UInt16(truncatingIfNeeded: wrappedKey.ciphertext.count), to: &bytes)
        bytes += wrappedKey.ciphertext
        bytes += ciphertext
        return bytes
    }

    public init(serialized bytes: [UInt8]) throws(SealedSecretError) {
        var reader = Reader(bytes: bytes[...])
        guard try reader.take(1).first == Self.serializedFormat else { throw .malformed("unknown format") }
        let keyIdBytes = try reader.take(Int(try reader.integer(2)))
        guard !keyIdBytes.isEmpty, let keyId = String(validating: keyIdBytes, as: UTF8.self) else {
            throw .malformed("the key id is not UTF-8")
        }
        let hasVersion = try reader.take(1).first!
        let version = try reader.integer(4)
        guard hasVersion == 1 || (hasVersion == 0 && version == 0) else { throw .malformed("the key version is inconsistent") }
        let wrapped = try reader.take(Int(try reader.integer(2)))
        let ciphertext = reader.bytes
        guard !wrapped.isEmpty, ciphertext.count > EnvelopeCipher.overhead else { throw .malformed("it is too short") }
        self.init(
            wrappedKey: WrappedKey(keyId: keyId, keyVersion: hasVersion == 1 ? Int(version) : nil, ciphertext: Array(wrapped)),
            ciphertext: Array(ciphertext)
        )
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    private struct Reader {
        var bytes: ArraySlice<UInt8>

        mutating func take(_ count: Int) throws(SealedSecretError) -> ArraySlice<UInt8> {
            guard bytes.count >= count else { throw .malformed("it is too short") }
            defer { bytes = bytes.dropFirst(count) }
            return bytes.prefix(count)
        }

        mutating func integer(_ count: Int) throws(SealedSecretError) -> UInt64 {
            try take(count).reduce(0) { $0 << 8 | UInt64($1) }
        }
    }
}
