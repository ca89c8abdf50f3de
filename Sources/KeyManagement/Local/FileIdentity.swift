#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What tells one version of the keyring file from the next without reading
/// it. Every write renames a new inode into place and sets a modification
/// time later than the previous one, so a change is never missed even when
/// an inode number is reused or the size stays the same. This needs a
/// filesystem that keeps nanosecond times (ext4, xfs, btrfs and tmpfs do).
struct FileIdentity: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: Timestamp

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        #if canImport(Darwin)
        modified = Timestamp(info.st_mtimespec)
        #else
        modified = Timestamp(info.st_mtim)
        #endif
    }

    /// A nanosecond wall-clock time, comparable.
    struct Timestamp: Comparable, Sendable {
        var seconds: Int
        var nanoseconds: Int

        init(_ time: timespec) {
            seconds = Int(time.tv_sec)
            nanoseconds = Int(time.tv_nsec)
        }

        static func now() -> Timestamp {
            var time = timespec()
            clock_gettime(CLOCK_REALTIME, &time)
            return Timestamp(time)
        }

        /// The time one nanosecond later.
        var successor: Timestamp {
            var next = self
            next.nanoseconds += 1
            if next.nanoseconds == 1_000_000_000 {
                next.seconds += 1
                next.nanoseconds = 0
            }
            return next
        }

        var posixTime: timespec {
            timespec(tv_sec: seconds, tv_nsec: nanoseconds)
        }

        static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
            (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
        }
    }
}
