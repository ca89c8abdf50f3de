#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SecureFile {
    /// Replaces `path` with `bytes` so that readers see the old file or the
    /// new one, never a mix, and the new one survives a crash: temporary
    /// file, fsync, rename over, fsync of the directory. The file gets exactly
    /// `mode` whatever the umask, and `modificationTime` when given.
    public static func replace(
        _ path: String,
        with bytes: [UInt8],
        mode: mode_t = privateFileMode,
        modificationTime: FileIdentity.Timestamp? = nil
    ) throws(SecureFileError) {
        let temporary = try writeTemporaryFile(for: path, bytes, mode: mode, modificationTime: modificationTime)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw .system(operation: "rename over", path: path, code: code)
        }
        try syncDirectory(containing: path)
    }

    /// Creates `path` with `bytes` and exactly `mode` only if nothing is
    /// there yet, complete or not at all; false when the name is taken (by
    /// another process that got there first, say).
    public static func createIfAbsent(
        _ path: String, with bytes: [UInt8], mode: mode_t = privateFileMode
    ) throws(SecureFileError) -> Bool {
        let temporary = try writeTemporaryFile(for: path, bytes, mode: mode, modificationTime: nil)
        defer { unlink(temporary) }
        // link(2), unlike rename(2), fails when the name exists.
        guard link(temporary, path) == 0 else {
            let code = errno
            if code == EEXIST { return false }
            throw .system(operation: "create", path: path, code: code)
        }
        try syncDirectory(containing: path)
        return true
    }

    /// A new file next to `path`, written and synced, removed again on failure.
    /// Its name ends in `.tmp` so that what a crash leaves behind is recognisable
    /// (the broker's log recovery removes such files).
    private static func writeTemporaryFile(
        for path: String, _ bytes: [UInt8], mode: mode_t, modificationTime: FileIdentity.Timestamp?
    ) throws(SecureFileError) -> String {
        let temporary = path + "." + String(UInt64.random(in: .min ... .max), radix: 16) + ".tmp"
        // Owner-only from the start whatever the final mode: nobody else can open it while it is written.
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, privateFileMode)
        guard descriptor >= 0 else { throw .system(operation: "create", path: temporary, code: errno) }
        do throws(SecureFileError) {
            defer { close(descriptor) }
            try writeAll(descriptor, bytes, path: temporary)
            // Set explicitly: the umask must neither loosen nor tighten it.
            guard fchmod(descriptor, mode) == 0 else { throw .system(operation: "set the mode of", path: temporary, code: errno) }
            if let modificationTime {
                // Set rather than left to the clock, so that every write changes it
                // even within one timer tick: readers can detect changes by it.
                let times = [modificationTime.posixTime, modificationTime.posixTime]
                guard futimens(descriptor, times) == 0 else { throw .system(operation: "set the times of", path: temporary, code: errno) }
            }
            guard fsync(descriptor) == 0 else { throw .system(operation: "fsync", path: temporary, code: errno) }
        } catch {
            unlink(temporary)
            throw error
        }
        return temporary
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws(SecureFileError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                throw .system(operation: "write", path: path, code: code)
            }
            offset += written
        }
    }
}
