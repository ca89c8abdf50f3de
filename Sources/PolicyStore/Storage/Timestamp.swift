import Foundation

/// Times as the store writes them: UTC ISO-8601 with milliseconds (`2025-11-25T20:56:00.123Z`),
/// which sort as text and read the same in `sqlite3`.
enum Timestamp {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    static func format(_ date: Date) -> String {
        date.formatted(style)
    }

    static func parse(_ text: String) throws(PolicyStoreError) -> Date {
        do {
            return try style.parse(text)
        } catch {
            throw .corruptStore("a timestamp is not UTC ISO-8601")
        }
    }
}

extension Timestamp {
    /// Now, truncated to what the text keeps, so a value returned to the caller equals the one read back later.
    static func now() -> (date: Date, text: String) {
        let text = format(Date())
        return ((try? parse(text)) ?? Date(), text)
    }
}
