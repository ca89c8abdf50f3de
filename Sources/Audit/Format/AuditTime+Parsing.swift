#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AuditTime {
    /// RFC 3339 as people and scripts write it: `2025-06-01`,
    /// `2025-06-01T12:00:00Z`, `2025-06-01T12:00:00.5+02:00` (a missing zone
    /// means UTC; fractions beyond microseconds are cut off), or a span before
    /// `now`: `90s`, `15m`, `2h`, `7d`. Nil for anything else.
    public init?(parsing text: String, now: AuditTime = .now()) {
        if let span = Self.span(text) {
            self = now.adding(microseconds: -span)
        } else {
            self.init(rfc3339: text)
        }
    }

    /// RFC 3339 only, as in a line of the decision log or the service log.
    public init?(rfc3339 text: String) {
        guard let time = Self.rfc3339(Array(text.utf8)) else { return nil }
        self = time
    }

    /// `NUMBER` followed by s, m, h or d, in microseconds.
    private static func span(_ text: String) -> Int64? {
        guard let unit = text.last, let count = Int64(text.dropLast()), count >= 0 else { return nil }
        let seconds: Int64
        switch unit {
        case "s": seconds = 1
        case "m": seconds = 60
        case "h": seconds = 3_600
        case "d": seconds = 86_400
        default: return nil
        }
        let (product, overflow) = count.multipliedReportingOverflow(by: seconds * 1_000_000)
        return overflow ? nil : product
    }

    private static func rfc3339(_ bytes: [UInt8]) -> AuditTime? {
        var scanner = DigitScanner(bytes: bytes)
        guard let year = scanner.number(4), scanner.skip("-"), let month = scanner.number(2), scanner.skip("-"),
              let day = scanner.number(2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var hour = 0, minute = 0, second = 0
        var micros: Int64 = 0
        var offsetSeconds = 0
        if scanner.skip("T") || scanner.skip("t") || scanner.skip(" ") {
            guard let h = scanner.number(2), scanner.skip(":"), let m = scanner.number(2), scanner.skip(":"),
                  let s = scanner.number(2), h < 24, m < 60, s < 61
            else { return nil }
            (hour, minute, second) = (h, m, s)
            if scanner.skip(".") {
                guard let fraction = scanner.fraction() else { return nil }
                micros = fraction
            }
            if scanner.skip("Z") || scanner.skip("z") {
                // UTC.
            } else if let sign = scanner.sign() {
                guard let offsetHours = scanner.number(2), scanner.skip(":"), let offsetMinutes = scanner.number(2),
                      offsetHours < 24, offsetMinutes < 60
                else { return nil }
                offsetSeconds = sign * (offsetHours * 3_600 + offsetMinutes * 60)
            }
        }
        guard scanner.atEnd else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = Int64(timegm(&parts)) - Int64(offsetSeconds)
        return AuditTime(microsecondsSinceEpoch: seconds * 1_000_000 + micros)
    }
}

/// Reads fixed-width decimal fields from ASCII bytes, left to right.
private struct DigitScanner {
    let bytes: [UInt8]
    var index = 0

    var atEnd: Bool { index == bytes.count }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    mutating func number(_ width: Int) -> Int? {
        guard index + width <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[index..<index + width] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        index += width
        return value
    }

    /// One or more digits after a decimal point, as microseconds.
    mutating func fraction() -> Int64? {
        var micros: Int64 = 0
        var count = 0
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            if count < 6 { micros = micros * 10 + Int64(bytes[index] - UInt8(ascii: "0")) }
            count += 1
            index += 1
        }
        guard count > 0 else { return nil }
        for _ in count..<max(count, 6) { micros *= 10 }
        return micros
    }

    mutating func sign() -> Int? {
        if skip("+") { return 1 }
        if skip("-") { return -1 }
        return nil
    }
}
