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
        guard let date = try? Date.ISO8601FormatStyle().parse(text) else { return nil }
        self.init(containing: date)
        guard description == text else { return nil }
    }

    public var description: String {
        Date(timeIntervalSince1970: Double(minutesSinceEpoch * 60)).formatted(.iso8601)
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
