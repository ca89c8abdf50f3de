import CCRC32C

/// CRC-32C (Castagnoli), the checksum of Kafka's record batch v2.
///
/// With the CPU's CRC-32C instruction where it has one (x86-64 SSE4.2,
/// checked once at start), several times faster again than software
/// slicing-by-8, which is used otherwise: eight 256-entry tables fold in
/// eight bytes per step with eight independent lookups.
public enum CRC32C {
    static let hardwareAvailable = portcullis_crc32c_hardware_available()

    /// The Castagnoli polynomial 0x1EDC6F41, bit-reflected as the CRC runs LSB first.
    private static let polynomial: UInt32 = 0x82F6_3B78

    /// Eight tables laid end to end: table k maps a byte to its contribution
    /// after k more bytes have passed; table 0 is the classic bytewise table.
    private static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 {
                crc = crc & 1 == 1 ? (crc >> 1) ^ polynomial : crc >> 1
            }
            tables[byte] = crc
        }
        for table in 1..<8 {
            for byte in 0..<256 {
                let previous = tables[(table - 1) * 256 + byte]
                tables[table * 256 + byte] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    /// The checksum of `bytes`.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        update(0, with: bytes)
    }

    /// Extends `crc`, the checksum of earlier bytes, over `bytes`, so that
    /// `update(checksum(a), with: b) == checksum(a + b)`.
    public static func update(_ crc: UInt32, with bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard hardwareAvailable, let base = bytes.baseAddress else { return softwareUpdate(crc, with: bytes) }
        return ~portcullis_crc32c_hardware_update(~crc, base, bytes.count)
    }

    /// `update` without the CPU instruction (also what tests compare it with).
    static func softwareUpdate(_ crc: UInt32, with bytes: UnsafeRawBufferPointer) -> UInt32 {
        tables.withUnsafeBufferPointer { table in
            var state = ~crc
            var index = 0
            while bytes.count - index >= 8 {
                let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                    ^ UInt64(state)
                state = table[7 * 256 + Int(truncatingIfNeeded: word & 0xFF)]
                    ^ table[6 * 256 + Int(truncatingIfNeeded: (word >> 8) & 0xFF)]
                    ^ table[5 * 256 + Int(truncatingIfNeeded: (word >> 16) & 0xFF)]
                    ^ table[4 * 256 + Int(truncatingIfNeeded: (word >> 24) & 0xFF)]
                    ^ table[3 * 256 + Int(truncatingIfNeeded: (word >> 32) & 0xFF)]
                    ^ table[2 * 256 + Int(truncatingIfNeeded: (word >> 40) & 0xFF)]
                    ^ table[1 * 256 + Int(truncatingIfNeeded: (word >> 48) & 0xFF)]
                    ^ table[Int(truncatingIfNeeded: word >> 56)]
                index += 8
            }
            while index < bytes.count {
                state = table[Int(truncatingIfNeeded: (state ^ UInt32(bytes[index])) & 0xFF)] ^ (state >> 8)
                index += 1
            }
            return ~state
        }
    }
}
