import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM and SIGINT end a running command by cancelling it, so its
/// services close in order — the decision log writes its shutdown
/// checkpoint — instead of the process dying where it stands.
enum TerminationSignals {
    static func run(_ body: @escaping @Sendable () async throws -> Void) async throws {
        let task = Task { try await body() }
        let sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { task.cancel() }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        do {
            try await task.value
        } catch is CancellationError {
            // Asked to stop: a normal end.
        }
    }
}
