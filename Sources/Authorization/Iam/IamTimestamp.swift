/// A moment, as seconds since 1970-01-01T00:00:00Z: the value of
/// `aws:CurrentTime` and `aws:EpochTime`, and of a date condition's operand.
/// (The module has no Foundation; the gateway passes its clock in.)
public struct IamTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let secondsSince1970: Double

    public init(secondsSince1970: Double) { self.secondsSince1970 = secondsSince1970 }

    /// Parses the ISO 8601 forms AWS's date operators accept: a date
    /// (`2026-12-07`, midnight UTC), or a date and time with optional
    /// seconds and fraction and a zone `Z` or `±hh:mm` (UTC when absent):
    /// `2026-12-07T15:00:00Z`, `2026-12-07T15:00Z`, `2026-12-07T16:00:00.5+01:00`.
    public init?(iso8601 text: String) {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(4), scanner.take("-"), let month = scanner.number(2), scanner.take("-"),
            let day = scanner.number(2), (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var seconds = Double(Self.daysSince1970(year: year, month: month, day: day) * 86_400)
        if scanner.atEnd {
            self.secondsSince1970 = seconds
            return
        }
        guard scanner.take("T") || scanner.take("t"), let hour = scanner.number(2), hour < 24, scanner.take(":"),
            let minute = scanner.number(2), minute < 60
        else { return nil }
        seconds += Double(hour * 3600 + minute * 60)
        if scanner.take(":") {
            guard let second = scanner.number(2), second < 60 else { return nil }
            seconds += Double(second)
            if scanner.take(".") {
                var scale = 0.1
                var any = false
                while let digit = scanner.number(1) {
                    seconds += Double(digit) * scale
                    scale /= 10
                    any = true
                }
                guard any else { return nil }
            }
        }
        if scanner.take("Z") || scanner.take("z") {
        } else if scanner.peek("+") || scanner.peek("-") {
            let sign: Double = scanner.take("+") ? -1 : (scanner.take("-") ? 1 : 0)
            guard let hours = scanner.number(2), hours < 24, scanner.take(":"), let minutes = scanner.number(2), minutes < 60 else { return nil }
            seconds += sign * Double(hours * 3600 + minutes * 60)
        }
        guard scanner.atEnd else { return nil }
        self.secondsSince1970 = seconds
    }

    /// Parses epoch seconds (`1765119600`, optionally with a fraction), as
    /// `aws:EpochTime` and date operands in epoch form are written.
    public init?(epochText text: String) {
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }),
            let value = Double(text)
        else { return nil }
        self.secondsSince1970 = value
    }

    public var description: String { "\(secondsSince1970)s since 1970" }

    /// The moment to the whole second, as the request context holds
    /// `aws:CurrentTime` and `aws:EpochTime` (so `DateEquals` can hold).
    var wholeSeconds: IamTimestamp { IamTimestamp(secondsSince1970: secondsSince1970.rounded(.down)) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.secondsSince1970 < rhs.secondsSince1970 }

    /// Days from 1970-01-01 to the date (proleptic Gregorian), after
    /// Howard Hinnant's `days_from_civil`.
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// Reads fixed-width decimal fields and separators from ASCII bytes.
private struct DigitScanner {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { position == bytes.count }

    mutating func number(_ width: Int) -> Int? {
        guard bytes.count - position >= width else { return nil }
        var value = 0
        for byte in bytes[position..<position + width] {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        position += width
        return value
    }

    func peek(_ character: Unicode.Scalar) -> Bool {
        position < bytes.count && bytes[position] == UInt8(ascii: character)
    }

    mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard peek(character) else { return false }
        position += 1
        return true
    }
}
