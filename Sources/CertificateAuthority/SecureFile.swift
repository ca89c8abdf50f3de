#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// POSIX file operations for certificates and keys: exact modes, fsync and
/// atomic replacement, which Foundation's file APIs do not promise.
/// (KeyManagement has its own for the keyring; the two targets share no dependency.)
enum SecureFile {
    /// Private keys: owner read/write only.
    static let privateMode: mode_t = 0o600
    /// Certificates are public.
    static let publicMode: mode_t = 0o644
    /// Certificates and keys are small; anything larger is not one.
    static let sizeLimit = 1 << 20

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Reads a whole file, after checking (on the open descriptor, so the file
    /// cannot be swapped in between) that it is a regular file and, when
    /// `isPrivate`, that it belongs to this user and nobody else may access it.
    static func contents(of path: String, isPrivate: Bool) throws(CertificateAuthorityError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { throw .missingFile(path: path) }
            throw .fileSystem(operation: "open", path: path, code: errno)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .fileSystem(operation: "stat", path: path, code: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notARegularFile(path: path) }
        if isPrivate {
            guard info.st_uid == geteuid() else { throw .notOwnedByUser(path: path, owner: info.st_uid) }
            guard info.st_mode & 0o077 == 0 else { throw .insecurePermissions(path: path, mode: UInt32(info.st_mode & 0o7777)) }
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        defer { zero(&chunk) }
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                zero(&bytes)
                throw .fileSystem(operation: "read", path: path, code: errno)
            }
            guard bytes.count + count <= sizeLimit else {
                zero(&bytes)
                throw .fileSystem(operation: "read", path: path, code: EFBIG)
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// Writes `bytes` to `path` with exactly `mode` so that readers see the old
    /// file or the new one, never a mix, and the new one survives a crash:
    /// temporary file, fsync, then rename over (`replace`) or link, which fails
    /// if the name is taken (otherwise), then fsync of the directory.
    static func store(_ bytes: [UInt8], at path: String, mode: mode_t, replace: Bool) throws(CertificateAuthorityError) {
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: .min ... .max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, privateMode)
        guard descriptor >= 0 else { throw .fileSystem(operation: "create", path: temporary, code: errno) }
        defer { unlink(temporary) }
        do {
            defer { close(descriptor) }
            try writeAll(descriptor, bytes, path: temporary)
            // Set explicitly: the umask must not loosen or tighten it.
            guard fchmod(descriptor, mode) == 0 else { throw .fileSystem(operation: "chmod", path: temporary, code: errno) }
            guard fsync(descriptor) == 0 else { throw .fileSystem(operation: "fsync", path: temporary, code: errno) }
        }
        if replace {
            guard rename(temporary, path) == 0 else { throw .fileSystem(operation: "rename over", path: path, code: errno) }
        } else {
            guard link(temporary, path) == 0 else {
                if errno == EEXIST { throw .alreadyExists(path: path) }
                throw .fileSystem(operation: "create", path: path, code: errno)
            }
        }
        try syncDirectory(containing: path)
    }

    /// Creates `path` and its missing parents with mode 0700: they will hold private keys.
    static func makeDirectories(_ path: String) throws(CertificateAuthorityError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST {
                throw .fileSystem(operation: "create directory", path: prefix, code: errno)
            }
        }
    }

    /// Overwrites secret bytes in a way the optimiser may not elide.
    static func zero(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { zero($0) }
    }

    static func zero(_ bytes: UnsafeMutableRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        #if canImport(Glibc)
        explicit_bzero(base, bytes.count)
        #else
        _ = memset_s(base, bytes.count, 0, bytes.count)
        #endif
    }

    private static func syncDirectory(containing path: String) throws(CertificateAuthorityError) {
        let directory = parentDirectory(of: path)
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .fileSystem(operation: "open", path: directory, code: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw .fileSystem(operation: "fsync", path: directory, code: errno) }
    }

    private static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws(CertificateAuthorityError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .fileSystem(operation: "write", path: path, code: errno)
            }
            offset += written
        }
    }
}
