#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FileIdentity {
    /// A file time (or the wall clock) to the nanosecond, comparable.
    public struct Timestamp: Comparable, Hashable, Sendable {
        public let seconds: Int
        public let nanoseconds: Int

        /// `nanoseconds` is 0 to 999,999,999.
        public init(seconds: Int, nanoseconds: Int) {
            precondition((0..<1_000_000_000).contains(nanoseconds), "nanoseconds out of range")
            self.seconds = seconds
            self.nanoseconds = nanoseconds
        }

        init(_ time: timespec) {
            seconds = Int(time.tv_sec)
            nanoseconds = Int(time.tv_nsec)
        }

        public static func now() -> Timestamp {
            var time = timespec()
            clock_gettime(CLOCK_REALTIME, &time)
            return Timestamp(time)
        }

        /// The time one nanosecond later.
        public var successor: Timestamp {
            nanoseconds == 999_999_999
                ? Timestamp(seconds: seconds + 1, nanoseconds: 0)
                : Timestamp(seconds: seconds, nanoseconds: nanoseconds + 1)
        }

        var posixTime: timespec {
            timespec(tv_sec: seconds, tv_nsec: nanoseconds)
        }

        public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
            (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
        }
    }
}
