#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as a number, for prefix matching.
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    case v4(UInt32)
    case v6(UInt128)

    /// Parses the strict textual forms: four decimal parts without leading
    /// zeros (`10.0.0.1`), or RFC 4291 IPv6 text (`2001:db8::1`,
    /// `::ffff:10.0.0.1`). No zone (`%eth0`), brackets, port or whitespace.
    public init?(_ text: String) {
        // withCString would end the text at a NUL and accept what precedes it.
        guard !text.utf8.contains(0) else { return nil }
        if text.contains(":") {
            var address = in6_addr()
            guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
            self = .v6(Self.number(fromNetworkBytes: address))
        } else {
            var address = in_addr()
            guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
            self = .v4(UInt32(bigEndian: address.s_addr))
        }
    }

    /// The IPv4 address an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, what a
    /// dual-stack socket reports for an IPv4 client) stands for; any other
    /// address unchanged.
    public var unmapped: IPAddress {
        if case .v6(let value) = self, value >> 32 == 0xFFFF {
            return .v4(UInt32(truncatingIfNeeded: value))
        }
        return self
    }

    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let result: UnsafePointer<CChar>?
        switch self {
        case .v4(let value):
            var address = in_addr(s_addr: value.bigEndian)
            result = inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count))
        case .v6(let value):
            var address = in6_addr()
            withUnsafeMutableBytes(of: &address) { raw in
                for index in 0..<16 { raw[index] = UInt8(truncatingIfNeeded: value >> (8 * (15 - index))) }
            }
            result = inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
        }
        precondition(result != nil, "inet_ntop cannot fail for a valid family and a large enough buffer")
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// An address held in network byte order (`in6_addr`), as a number.
    public static func number(fromNetworkBytes address: in6_addr) -> UInt128 {
        withUnsafeBytes(of: address) { raw in
            raw.prefix(16).reduce(UInt128(0)) { ($0 << 8) | UInt128($1) }
        }
    }
}
