import Foundation

/// Runs `body` while this process may not make any file larger than `bytes`
/// (RLIMIT_FSIZE, which binds root too): writes past it fail with EFBIG, a
/// real failure of the real file descriptor, as a full disk would fail with
/// ENOSPC. SIGXFSZ is ignored meanwhile, or it would end the process.
func withFileSizeLimit<Result>(_ bytes: Int, _ body: () throws -> Result) throws -> Result {
    var previous = rlimit()
    guard getrlimit(resource(RLIMIT_FSIZE), &previous) == 0 else { throw POSIXError(.init(rawValue: errno)!) }
    let previousHandler = signal(SIGXFSZ, SIG_IGN)
    var limited = previous
    limited.rlim_cur = rlim_t(bytes)
    guard setrlimit(resource(RLIMIT_FSIZE), &limited) == 0 else { throw POSIXError(.init(rawValue: errno)!) }
    defer {
        setrlimit(resource(RLIMIT_FSIZE), &previous)
        signal(SIGXFSZ, previousHandler)
    }
    return try body()
}

private func resource(_ value: __rlimit_resource) -> __rlimit_resource_t {
    __rlimit_resource_t(value.rawValue)
}
