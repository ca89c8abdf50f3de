import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Creates `DATA_DIR/policy/` (0700) and `policy.sqlite` (0600) before SQLite opens them,
/// and refuses existing ones that group or others can reach. SQLite gives its `-wal` and
/// `-shm` files the database file's mode.
enum PolicyFiles {
    /// Creates the policy directory as needed and returns its path.
    static func prepareDirectory(dataDirectory: String) throws(PolicyStoreError) -> String {
        let directory = dataDirectory + "/policy"
        do {
            try FileManager.default.createDirectory(
                atPath: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw .storageUnavailable(path: dataDirectory, reason: "cannot create the data directory")
        }
        if mkdir(directory, 0o700) == 0 {
            try setMode(directory, 0o700)
        } else if errno != EEXIST {
            throw .storageUnavailable(path: directory, reason: String(cString: strerror(errno)))
        }
        try requireOwnerOnly(directory)
        return directory
    }

    /// Creates the (empty) database file as needed and returns its path.
    static func prepareDatabaseFile(in directory: String) throws(PolicyStoreError) -> String {
        let path = directory + "/policy.sqlite"
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            close(descriptor)
            try setMode(path, 0o600)
        } else if errno != EEXIST {
            throw .storageUnavailable(path: path, reason: String(cString: strerror(errno)))
        }
        try requireOwnerOnly(path)
        return path
    }

    /// The umask may have removed more bits than asked; set exactly `mode`.
    private static func setMode(_ path: String, _ mode: mode_t) throws(PolicyStoreError) {
        if chmod(path, mode) != 0 {
            throw .storageUnavailable(path: path, reason: String(cString: strerror(errno)))
        }
    }

    private static func requireOwnerOnly(_ path: String) throws(PolicyStoreError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .storageUnavailable(path: path, reason: String(cString: strerror(errno)))
        }
        let mode = UInt32(info.st_mode) & 0o7777
        if mode & 0o077 != 0 {
            throw .insecurePermissions(path: path, mode: mode)
        }
    }
}
