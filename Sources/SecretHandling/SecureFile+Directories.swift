#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SecureFile {
    /// Creates `path` and its missing parents, each with exactly `mode`
    /// whatever the umask. Directories already there are left as they are;
    /// a file where `path` should be is refused.
    public static func makeDirectories(_ path: String, mode: mode_t = privateDirectoryMode) throws(SecureFileError) {
        for component in path.split(separator: "/") {
            // Spelled as the caller spelled it, so that errors name the path they know.
            let current = String(path[..<component.endIndex])
            if mkdir(current, mode) == 0 {
                // mkdir applies the umask.
                guard chmod(current, mode) == 0 else { throw .system(operation: "set the mode of", path: current, code: errno) }
            } else if errno != EEXIST {
                throw .system(operation: "create directory", path: current, code: errno)
            }
        }
        var status = stat()
        guard stat(path, &status) == 0 else { throw .system(operation: "stat", path: path, code: errno) }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw .system(operation: "create directory", path: path, code: ENOTDIR) }
    }

    /// Makes a directory's entries (files created, renamed or removed in it) durable.
    public static func syncDirectory(_ directory: String) throws(SecureFileError) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .system(operation: "open directory", path: directory, code: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw .system(operation: "fsync", path: directory, code: errno) }
    }

    static func syncDirectory(containing path: String) throws(SecureFileError) {
        guard let slash = path.lastIndex(of: "/") else { return try syncDirectory(".") }
        try syncDirectory(slash == path.startIndex ? "/" : String(path[..<slash]))
    }
}
