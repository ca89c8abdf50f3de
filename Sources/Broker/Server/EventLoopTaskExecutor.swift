import NIOCore

/// Runs a task's jobs on one NIO event loop. A connection's task prefers
/// the loop that reads its socket, so a request is decoded, handled (default
/// actors such as `PartitionLog` run on their caller's preferred executor)
/// and answered there, without waking another thread on the way.
final class EventLoopTaskExecutor: TaskExecutor {
    private let loop: any EventLoop

    init(_ loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
