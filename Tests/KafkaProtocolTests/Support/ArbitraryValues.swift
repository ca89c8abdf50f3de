import KafkaProtocol
import NIOCore

/// A message type that can make random valid values of itself for a version.
protocol ArbitraryMessage {
    static func arbitrary(version: Int16, using random: inout ArbitraryValues) -> Self
}

/// Seeded random values for round-trip tests (SplitMix64: reproducible from the seed).
struct ArbitraryValues {
    private var state: UInt64

    init(seed: UInt64) { self.state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// Mostly small values, sometimes the extremes: boundaries are where codecs break.
    private mutating func integer<T: FixedWidthInteger>(_: T.Type) -> T {
        switch below(8) {
        case 0: return T.max
        case 1: return T.min
        case 2: return 0
        case 3: return T(truncatingIfNeeded: -1)
        case 4, 5: return T(truncatingIfNeeded: below(300))
        default: return T(truncatingIfNeeded: next())
        }
    }

    mutating func bool() -> Bool { below(2) == 1 }
    mutating func int8() -> Int8 { integer(Int8.self) }
    mutating func int16() -> Int16 { integer(Int16.self) }
    mutating func uint16() -> UInt16 { integer(UInt16.self) }
    mutating func int32() -> Int32 { integer(Int32.self) }
    mutating func int64() -> Int64 { integer(Int64.self) }
    mutating func float64() -> Double { Double(int32()) / 7 }
    mutating func uuid() -> KafkaUUID { KafkaUUID(mostSignificantBits: next(), leastSignificantBits: next()) }

    mutating func string() -> String {
        let alphabet: [Character] = ["a", "B", "z", "-", "_", ".", "0", "é", "名", "🚀", " "]
        return String((0..<below(12)).map { _ in alphabet[below(alphabet.count)] })
    }

    mutating func bytes() -> ByteBuffer {
        ByteBuffer(bytes: (0..<below(24)).map { _ in UInt8(truncatingIfNeeded: next()) })
    }

    mutating func array<Element>(_ make: (inout ArbitraryValues) -> Element) -> [Element] {
        (0..<below(4)).map { _ in make(&self) }
    }

    mutating func maybeNull<Value>(_ nullable: Bool, _ make: (inout ArbitraryValues) -> Value) -> Value? {
        nullable && below(4) == 0 ? nil : make(&self)
    }

    /// Zero to two unknown tagged fields in ascending order, none with a known tag.
    mutating func unknownTaggedFields(avoiding known: Set<UInt32>) -> [KafkaTaggedField] {
        var tags = Set<UInt32>()
        for _ in 0..<below(3) {
            let tag = below(2) == 0 ? UInt32(below(8)) : UInt32(100 + below(100_000))
            if !known.contains(tag) { tags.insert(tag) }
        }
        return tags.sorted().map { KafkaTaggedField(tag: $0, data: bytes()) }
    }
}
