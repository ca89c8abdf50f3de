import NIOCore
import PolicyStore

/// How long a response makes its client wait, which quota says so, and
/// when that was worked out (the wait runs from then).
struct Throttle: Equatable {
    let duration: TimeAmount
    let quota: ClientQuotaKey
    let decidedAt: NIODeadline

    var end: NIODeadline { decidedAt + duration }

    /// Whole milliseconds, as `throttle_time_ms` carries them (rounded up, so a wait is never shown as none).
    var milliseconds: Int32 {
        Int32(clamping: (duration.nanoseconds + 999_999) / 1_000_000)
    }

    /// The longer of two.
    static func longer(_ a: Throttle?, _ b: Throttle?) -> Throttle? {
        guard let a else { return b }
        guard let b else { return a }
        return b.duration > a.duration ? b : a
    }
}
