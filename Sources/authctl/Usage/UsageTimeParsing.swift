import ArgumentParser
import Audit
import Foundation

/// `--since` and `--until`: what `audit` takes (RFC 3339, or a span ago such as `24h`), plus `now` and `now-24h`.
enum UsageTimeParsing {
    static func date(_ text: String, option: String, now: AuditTime) throws -> Date {
        let relative = text == "now" ? "0s" : text.hasPrefix("now-") ? String(text.dropFirst(4)) : text
        guard let time = AuditTime(parsing: relative, now: now) else {
            throw ValidationError("\(option) must be an RFC 3339 time (2026-12-01T12:00:00Z), now, or a span ago (90m, 24h, now-7d), not '\(text)'")
        }
        return Date(timeIntervalSince1970: Double(time.microsecondsSinceEpoch) / 1_000_000)
    }
}
