/// An address range in CIDR notation, as AWS security groups write them:
/// `10.0.0.0/8`, `192.168.1.7/32`, `2001:db8::/32`, `::1/128`. A bare address
/// is a single host (/32 or /128).
///
/// Parsing is strict, as AWS's is: a block whose address has bits set past
/// the prefix (`10.0.0.1/8`) is refused with the block that was probably
/// meant, since silently widening or narrowing an allow-list is worse than
/// a clear error. IPv4-mapped blocks (`::ffff:10.0.0.0/104`) are read as the
/// IPv4 blocks they denote (`10.0.0.0/8`); IPv4 and IPv6 otherwise stay
/// apart, so `::/0` allows every IPv6 client and no IPv4 one.
public struct CIDRBlock: Sendable, Hashable, CustomStringConvertible {
    /// The first address of the range (its bits past the prefix are zero).
    public let network: IPAddress
    public let prefixLength: Int

    public init(_ text: String) throws(CIDRBlockParseError) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard var address = IPAddress(String(parts[0])) else {
            throw CIDRBlockParseError(input: text, reason: .invalidAddress)
        }
        var prefixLength = address.bitWidth
        if parts.count == 2 {
            guard let parsed = Self.prefixLength(parts[1]) else {
                throw CIDRBlockParseError(input: text, reason: .invalidPrefixLength)
            }
            guard parsed <= address.bitWidth else {
                throw CIDRBlockParseError(input: text, reason: .prefixLengthTooLong(maximum: address.bitWidth))
            }
            prefixLength = parsed
        }
        if address.unmapped != address, prefixLength >= 96 {
            address = address.unmapped
            prefixLength -= 96
        }
        let network = address.masked(toPrefixLength: prefixLength)
        guard network == address else {
            throw CIDRBlockParseError(input: text, reason: .hostBitsSet(network: "\(network)/\(prefixLength)"))
        }
        self.network = network
        self.prefixLength = prefixLength
    }

    /// Whether `address` is in the range; an IPv4-mapped IPv6 address counts
    /// as the IPv4 address it carries.
    public func contains(_ address: IPAddress) -> Bool {
        let candidate = address.unmapped
        return candidate.bitWidth == network.bitWidth && candidate.masked(toPrefixLength: prefixLength) == network
    }

    public var description: String { "\(network)/\(prefixLength)" }

    /// Decimal digits only, without a sign or leading zeros.
    private static func prefixLength(_ text: Substring) -> Int? {
        guard (1...3).contains(text.utf8.count), text.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            text == "0" || !text.hasPrefix("0")
        else { return nil }
        return Int(text)
    }
}

extension IPAddress {
    var bitWidth: Int {
        switch self {
        case .v4: 32
        case .v6: 128
        }
    }

    /// The address with every bit past the first `prefixLength` cleared.
    func masked(toPrefixLength prefixLength: Int) -> IPAddress {
        switch self {
        case .v4(let value): .v4(value & ~(UInt32.max >> prefixLength))
        case .v6(let value): .v6(value & ~(UInt128.max >> prefixLength))
        }
    }
}
