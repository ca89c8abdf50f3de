import NIOPosix
import Synchronization

/// Group commit of one partition log. Appends report how far the active
/// segment's file is written; one flusher at a time fsyncs that file on the
/// I/O thread pool, making durable everything written before the fsync
/// began, and loops there while more was written meanwhile. Callers waiting
/// for an offset (acks=-1) are resumed straight from the flusher's thread,
/// so an acks=1 append costs no thread switch besides the fsync's own, and
/// an acks=-1 one only the wake-up of the task that answers.
///
/// Thread-safe: the log's actor and the flusher share it under a lock.
final class GroupCommit: Sendable {
    typealias Waiter = CheckedContinuation<Result<Void, LogError>, Never>
    typealias Observer = @Sendable (Result<Int64, LogError>) -> Void

    private struct State {
        /// Every offset below it is in a file (the log end).
        var written: Int64
        /// Every offset below it is durable (the high watermark).
        var durable: Int64
        /// The file the entries below `written` that are not durable are in.
        var file: LogFile?
        var flushing = false
        var waiters: [(offset: Int64, waiter: Waiter)] = []
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
        /// Set once an fsync failed or the log closed: no flush runs again.
        var failure: LogError?
        /// Told (from the flusher's thread) of each advance of `durable` while
        /// set, and of a failed fsync: the log wakes its waiting fetches.
        var observer: Observer?
        var observing = false
    }

    private let state: Mutex<State>
    private let threadPool: NIOThreadPool

    init(durableThrough end: Int64, threadPool: NIOThreadPool) {
        state = Mutex(State(written: end, durable: end))
        self.threadPool = threadPool
    }

    func observe(_ observer: @escaping Observer) {
        state.withLock { $0.observer = observer }
    }

    /// Whether advances of `durable` are told to the observer (while fetches wait).
    func setObserving(_ observing: Bool) {
        state.withLock { $0.observing = observing }
    }

    var durable: Int64 { state.withLock { $0.durable } }

    /// Entries up to `end` (exclusive) are written to `file`, the active
    /// segment's; starts a flush unless one runs.
    func written(through end: Int64, in file: LogFile) {
        let start = state.withLock { state -> Bool in
            guard state.failure == nil else { return false }
            state.written = end
            state.file = file
            guard !state.flushing, state.durable < end else { return false }
            state.flushing = true
            return true
        }
        if start { threadPool.submit { _ in self.flushUntilCaughtUp() } }
    }

    /// Everything below `offset` was made durable by someone else (a roll syncs the segment it finishes).
    func markDurable(through offset: Int64) {
        advance(to: offset)
    }

    /// Returns once `offset` is durable, or the failure that stopped flushing.
    func waitUntilDurable(_ offset: Int64) async -> Result<Void, LogError> {
        await withCheckedContinuation { (waiter: Waiter) in
            let answer = state.withLock { state -> Result<Void, LogError>? in
                if offset < state.durable { return .success(()) }
                if let failure = state.failure { return .failure(failure) }
                state.waiters.append((offset, waiter))
                return nil
            }
            if let answer { waiter.resume(returning: answer) }
        }
    }

    /// Stops flushing for good (a flush in progress ends after its fsync),
    /// lets go of the file, and fails every waiter with `error`.
    func stop(with error: LogError) {
        let waiters = state.withLock { state -> [Waiter] in
            if state.failure == nil { state.failure = error }
            state.file = nil
            defer { state.waiters = [] }
            return state.waiters.map(\.waiter)
        }
        for waiter in waiters { waiter.resume(returning: .failure(error)) }
    }

    /// Returns once no flush runs (a flush in progress finishes first).
    func idle() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let running = state.withLock { state -> Bool in
                if state.flushing { state.idleWaiters.append(waiter) }
                return state.flushing
            }
            if !running { waiter.resume() }
        }
    }

    /// Runs on the thread pool: each round syncs once for everything written before it began.
    private func flushUntilCaughtUp() {
        while true {
            // Stopping is decided under the same lock as `written` checks `flushing`: no append is missed.
            let round = state.withLock { state -> (target: Int64, file: LogFile)? in
                guard state.failure == nil, state.durable < state.written, let file = state.file else {
                    state.flushing = false
                    return nil
                }
                return (state.written, file)
            }
            guard let round else { return wakeIdleWaiters() }
            do {
                try round.file.synchronize()
            } catch {
                let failure = LogError.logFailed("fsync failed, reopen the log to recover: \(error)")
                stop(with: failure)
                let observer = state.withLock { state in
                    state.flushing = false
                    return state.observer
                }
                observer?(.failure(failure))
                return wakeIdleWaiters()
            }
            advance(to: round.target)
        }
    }

    private func wakeIdleWaiters() {
        let idle = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard !state.flushing else { return [] }  // a new flush started: it wakes them when done
            defer { state.idleWaiters = [] }
            return state.idleWaiters
        }
        for waiter in idle { waiter.resume() }
    }

    private func advance(to offset: Int64) {
        let advanced = state.withLock { state -> (ready: [Waiter], observer: Observer?)? in
            guard offset > state.durable else { return nil }
            state.durable = offset
            var ready: [Waiter] = []
            state.waiters.removeAll { entry in
                guard entry.offset < offset else { return false }
                ready.append(entry.waiter)
                return true
            }
            return (ready, state.observing ? state.observer : nil)
        }
        guard let advanced else { return }
        for waiter in advanced.ready { waiter.resume(returning: .success(())) }
        advanced.observer?(.success(offset))
    }
}
