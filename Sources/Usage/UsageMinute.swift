#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A one-minute bucket of usage, in UTC: minutes since 1970. Written
/// `2026-12-07T21:52:00Z`, the journal's and the report's spelling.
public struct UsageMinute: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let minutesSinceEpoch: Int64

    public init(minutesSinceEpoch: Int64) {
        self.minutesSinceEpoch = minutesSinceEpoch
    }

    /// The minute that `date` falls in.
    public init(containing date: Date) {
        self.init(minutesSinceEpoch: Int64((date.timeIntervalSince1970 / 60).rounded(.down)))
    }

    /// The first minute starting at or after `date`: where a range beginning at `date` starts counting.
    public init(startingAtOrAfter date: Date) {
        self.init(minutesSinceEpoch: Int64((date.timeIntervalSince1970 / 60).rounded(.up)))
    }

    /// `YYYY-MM-DDTHH:MM:00Z` exactly (no other spelling, so that a line reads back to the bytes written).
    public init?(iso8601 text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[17...19].elementsEqual("00Z".utf8)
        else { return nil }
        func number(_ range: Range<Int>) -> Int32? {
            var value: Int32 = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int32(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60
        else { return nil }
        var parts = tm()
        (parts.tm_year, parts.tm_mon, parts.tm_mday, parts.tm_hour, parts.tm_min) = (year - 1900, month - 1, day, hour, minute)
        let seconds = Int64(timegm(&parts))
        self.init(minutesSinceEpoch: seconds / 60)
        // timegm normalises 31 February to March: such a text is not a minute.
        guard description == text else { return nil }
    }

    public var description: String {
        var seconds = time_t(minutesSinceEpoch * 60)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func digits(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(digits(parts.tm_year + 1900, 4))-\(digits(parts.tm_mon + 1, 2))-\(digits(parts.tm_mday, 2))T"
            + "\(digits(parts.tm_hour, 2)):\(digits(parts.tm_min, 2)):00Z"
    }

    /// The UTC day it is in, as days since 1970: the journal starts a new file for each.
    var day: Int64 {
        let (quotient, remainder) = minutesSinceEpoch.quotientAndRemainder(dividingBy: 1_440)
        return remainder < 0 ? quotient - 1 : quotient
    }

    /// `20261207T2152Z`: the compact form in journal file names, which sorts as the time does.
    var compact: String {
        let text = description
        return text.prefix(10).filter { $0 != "-" } + "T" + text.dropFirst(11).prefix(5).filter { $0 != ":" } + "Z"
    }

    public static func < (lhs: UsageMinute, rhs: UsageMinute) -> Bool {
        lhs.minutesSinceEpoch < rhs.minutesSinceEpoch
    }
}
