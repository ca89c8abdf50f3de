#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// When a decision was made, to the microsecond, in UTC. Written as
/// `2025-06-01T12:00:00.123456Z` (fixed width, so the text sorts as the time
/// does); an integer inside, so that reading and writing it back gives the
/// same bytes, which the hash chain needs.
public struct AuditTime: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let microsecondsSinceEpoch: Int64

    public init(microsecondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
    }

    public static func now() -> AuditTime {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return AuditTime(microsecondsSinceEpoch: Int64(time.tv_sec) * 1_000_000 + Int64(time.tv_nsec) / 1_000)
    }

    public var description: String {
        let (seconds, micros) = microsecondsSinceEpoch.floorDivided(by: 1_000_000)
        var epochSeconds = time_t(seconds)
        var parts = tm()
        gmtime_r(&epochSeconds, &parts)
        // Digits written straight into the 27 bytes: this runs for every record.
        var text = Array("0000-00-00T00:00:00.000000Z".utf8)
        for (value, end, width) in [
            (Int(parts.tm_year) + 1900, 4, 4), (Int(parts.tm_mon) + 1, 7, 2), (Int(parts.tm_mday), 10, 2),
            (Int(parts.tm_hour), 13, 2), (Int(parts.tm_min), 16, 2), (Int(parts.tm_sec), 19, 2), (Int(micros), 26, 6),
        ] {
            var remaining = value
            for index in stride(from: end - 1, through: end - width, by: -1) {
                text[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    public static func < (lhs: AuditTime, rhs: AuditTime) -> Bool {
        lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch
    }

    public func adding(microseconds: Int64) -> AuditTime {
        AuditTime(microsecondsSinceEpoch: microsecondsSinceEpoch + microseconds)
    }
}

extension Int64 {
    /// Quotient and remainder rounded towards minus infinity, so times before 1970 print correctly.
    fileprivate func floorDivided(by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = self % divisor
        return remainder < 0 ? (self / divisor - 1, remainder + divisor) : (self / divisor, remainder)
    }
}
