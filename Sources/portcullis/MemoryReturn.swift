import Dispatch

/// Hands memory that malloc holds free back to the system every
/// `interval`, so the resident set falls once a load has passed.
///
/// `MallocTuning` raises glibc's trim threshold to 128 MiB so that a busy
/// broker keeps its large buffers instead of faulting them in again for
/// every request; glibc then returns nothing until that much lies free at
/// the very top of a heap, which after a burst of connections or requests
/// is almost never (3,000 idle connections through the gateway, closed,
/// left 40-100 MiB resident for good). `malloc_trim(0)` releases every free
/// page in every arena, wherever it lies. Once per interval costs a busy
/// process little: only what is free at that moment is released, and
/// faulting it in again is a few thousand page faults every 10 seconds.
enum MemoryReturn {
    static let interval: DispatchTimeInterval = .seconds(10)

    /// Starts the periodic trim for the life of the process. Does nothing
    /// where the C library is not glibc.
    static func start() {
        #if canImport(Glibc)
        guard let mallocTrim = GlibcMalloc.mallocTrim else { return }
        let timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .seconds(1))
        timer.setEventHandler { _ = mallocTrim(0) }
        timer.resume()
        running = timer
        #endif
    }

    /// Kept so the timer lives as long as the process.
    nonisolated(unsafe) private static var running: (any DispatchSourceTimer)?
}
