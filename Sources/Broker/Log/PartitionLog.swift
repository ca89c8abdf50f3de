import Foundation
import Logging
import NIOPosix
import Synchronization

/// One partition's log: encrypted segments on disk under
/// `DATA/logs/<topic>-<partition>/`, appended to and read by offset.
///
/// What is on disk, and what is not secret: every batch is sealed with
/// AES-256-GCM under its segment's data key (see `SegmentCipher`), bound to
/// topic, partition and offset. Beside it, in plaintext, lie the batch's
/// metadata — offsets, timestamps, sizes, record counts, attributes,
/// producer ids, epochs and sequence numbers — in the entry headers, the
/// indexes and the producer snapshot. That metadata is not record content:
/// no key, value or header of a record is ever written unsealed.
///
/// Durability: `append` writes through to the file (pwrite) and returns at
/// once; a background flush then fsyncs on a thread pool while further
/// appends continue, so one fsync covers every append made meanwhile (group
/// commit, see `GroupCommit`). `highWatermark` is the end of what is durable; reads and time
/// lookups serve only below it, and `flush(through:)` waits for it (acks=-1).
/// A record below the high watermark survives a killed process and a power
/// loss; anything above it may be cut from the tail by recovery.
///
/// Appends run in the order they are called; a roll (which asks the key
/// service for a new data key) holds later appends until it is done.
public actor PartitionLog {
    public nonisolated let topic: String
    public nonisolated let partition: Int32
    public nonisolated let directory: String
    /// What opening the log found: torn tails cut, data never to be served, producer state.
    public nonisolated let recoveryReport: RecoveryReport

    /// The epoch stamped into appended batches' partitionLeaderEpoch.
    public nonisolated let leaderEpoch: Int32
    public internal(set) var configuration: LogConfiguration
    let cipher: any SegmentCipher
    let threadPool: NIOThreadPool
    let logger: Logger
    /// Wall-clock milliseconds since the epoch.
    let clock: @Sendable () -> Int64

    /// Held until `close`, so no one else recovers the directory under this log.
    var directoryLock: PartitionDirectoryLock?
    /// In offset order; the last one is the active segment appends go to.
    var segments: [LogSegment]
    /// `sizeInBytes`, kept current by appends, retention and close for
    /// readers that must not wait for the actor (the metrics scrape).
    nonisolated let publishedSize: Atomic<Int>
    /// Seals the active segment's appends; obtained when first needed.
    var activeSealer: (any BatchSealer)?
    var producers: ProducerStateTable

    /// The offset the next appended record gets.
    public internal(set) var logEndOffset: Int64
    /// Every offset below it is durable and may be served.
    public var highWatermark: Int64 { groupCommit.durable }

    /// The background fsyncs, and the callers waiting for them.
    nonisolated let groupCommit: GroupCommit
    var appendTurnHeld = false
    var appendTurnQueue: [CheckedContinuation<Void, Never>] = []
    var dataWaiters: [UInt64: DataWaiter] = [:]
    var nextDataWaiterId: UInt64 = 0
    /// Set when an fsync failed: the log refuses everything but `close`.
    var failure: LogError?
    var isClosed = false

    /// Opens (creating when new) the log of `topic`/`partition` under
    /// `dataDirectory`, recovering it from its files. The active segment is
    /// read whole and every batch in it authenticated, with blocking file
    /// I/O on the calling task: a startup cost that grows with `segment.bytes`.
    public static func open(
        dataDirectory: String,
        topic: String,
        partition: Int32,
        configuration: LogConfiguration = LogConfiguration(),
        cipher: any SegmentCipher,
        leaderEpoch: Int32 = 0,
        threadPool: NIOThreadPool = .singleton,
        logger: Logger = Logger(label: "portcullis.log"),
        clock: @escaping @Sendable () -> Int64 = PartitionLog.wallClock
    ) async throws(LogError) -> PartitionLog {
        guard TopicName.isValid(topic), partition >= 0 else { throw .invalidTopicPartition(topic: topic, partition: partition) }
        try configuration.validate()
        let directory = LogLayout.partitionDirectory(dataDirectory: dataDirectory, topic: topic, partition: partition)
        let recovery = LogRecovery(
            directory: directory, topic: topic, partition: partition, configuration: configuration,
            cipher: cipher, logger: logger, now: clock()
        )
        let outcome = try await recovery.recover()
        let log = PartitionLog(
            topic: topic, partition: partition, directory: directory, configuration: configuration, cipher: cipher,
            leaderEpoch: leaderEpoch, threadPool: threadPool, logger: logger, clock: clock, recovered: outcome
        )
        log.groupCommit.observe { [weak log] outcome in
            Task { await log?.durabilityChanged(outcome) }
        }
        return log
    }

    private init(
        topic: String, partition: Int32, directory: String, configuration: LogConfiguration, cipher: any SegmentCipher,
        leaderEpoch: Int32, threadPool: NIOThreadPool, logger: Logger, clock: @escaping @Sendable () -> Int64,
        recovered: LogRecovery.Outcome
    ) {
        self.topic = topic
        self.partition = partition
        self.directory = directory
        self.configuration = configuration
        self.cipher = cipher
        self.leaderEpoch = leaderEpoch
        self.threadPool = threadPool
        self.logger = logger
        self.clock = clock
        self.directoryLock = recovered.lock
        self.segments = recovered.segments
        self.publishedSize = Atomic(recovered.segments.reduce(0) { $0 + $1.size })
        self.producers = recovered.producers
        self.recoveryReport = recovered.report
        self.logEndOffset = recovered.report.logEndOffset
        self.groupCommit = GroupCommit(durableThrough: recovered.report.logEndOffset, threadPool: threadPool)
    }

    public static let wallClock: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }

    /// The first offset still in the log.
    public var logStartOffset: Int64 {
        segments.first?.baseOffset ?? logEndOffset
    }

    /// The base offsets of the segments, oldest first.
    public var segmentBaseOffsets: [Int64] {
        segments.map(\.baseOffset)
    }

    /// The bytes of all segments' `.log` files.
    public var sizeInBytes: Int {
        segments.reduce(0) { $0 + $1.size }
    }

    /// What the log knows of each idempotent producer, from its batches' headers.
    public var producerStates: [Int64: ProducerState] {
        producers.producers
    }

    public func producerState(of producerId: Int64) -> ProducerState? {
        producers.producers[producerId]
    }

    /// New settings for this topic; size and time limits apply from the next
    /// append or retention check, the index interval from the next segment.
    public func update(configuration: LogConfiguration) throws(LogError) {
        try configuration.validate()
        self.configuration = configuration
    }

    /// Lets the append in progress finish, waits for the flush in progress,
    /// wakes every waiter, and releases the files. Calls after this throw `.closed`.
    public func close() async {
        guard !isClosed else { return }
        await takeAppendTurn()
        isClosed = true
        passAppendTurn()
        await groupCommit.idle()
        groupCommit.stop(with: .closed)
        for id in Array(dataWaiters.keys) { resumeDataWaiter(id, hasData: false) }
        segments = []
        publishedSize.store(0, ordering: .relaxed)
        activeSealer = nil
        directoryLock = nil
    }

    func checkUsable() throws(LogError) {
        if isClosed { throw .closed }
        if let failure { throw failure }
    }

    /// Runs blocking file work (fsync) on the thread pool.
    func runBlocking<Value: Sendable>(_ body: @escaping @Sendable () throws(LogError) -> Value) async throws(LogError) -> Value {
        do {
            return try await threadPool.runIfActive { () throws -> Value in try body() }
        } catch let error as LogError {
            throw error
        } catch {
            throw .logFailed("the I/O thread pool did not run the work: \(error)")
        }
    }
}
