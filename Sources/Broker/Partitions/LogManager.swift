import Foundation
import Logging
import Synchronization

/// Opens, caches and removes the partition logs of every topic, all with one
/// segment cipher. A log is opened (and recovered) on first use; `openAll`
/// recovers every existing partition at start-up so damage is reported early.
actor LogManager {
    private let dataDirectory: String
    private let cipher: any SegmentCipher
    private let defaults: LogConfiguration
    private let logger: Logger
    /// Behind a lock rather than the actor, so that a metrics scrape reads the sizes without waiting.
    private nonisolated let logs = Mutex<[TopicPartition: PartitionLog]>([:])
    private var opening: [TopicPartition: Task<Result<PartitionLog, LogError>, Never>] = [:]

    init(dataDirectory: String, cipher: any SegmentCipher, defaults: LogConfiguration, logger: Logger) {
        self.dataDirectory = dataDirectory
        self.cipher = cipher
        self.defaults = defaults
        self.logger = logger
    }

    /// The log of a partition of an existing topic, opening it if needed.
    /// Concurrent callers share one opening: a partition is opened (and its
    /// directory locked) once.
    func log(_ partition: TopicPartition, configs: [String: String]) async throws(LogError) -> PartitionLog {
        if let log = logs.withLock({ $0[partition] }) { return log }
        // Recovery reads and fsyncs with blocking calls: never on the caller's event loop.
        let task = opening[partition] ?? Task(executorPreference: globalConcurrentExecutor) {
            [dataDirectory, cipher, defaults, logger] () -> Result<PartitionLog, LogError> in
            do throws(LogError) {
                return .success(try await PartitionLog.open(
                    dataDirectory: dataDirectory, topic: partition.topic, partition: partition.partition,
                    configuration: try LogConfiguration(topicConfigs: configs, defaults: defaults), cipher: cipher, logger: logger
                ))
            } catch {
                return .failure(error)
            }
        }
        opening[partition] = task
        let result = await task.value
        opening[partition] = nil  // a failed open is tried afresh next time
        let log = try result.get()
        logs.withLock { $0[partition] = log }
        return log
    }

    /// Opens every partition of the given topics, logging what recovery found.
    func openAll(_ topics: [TopicRegistry.Topic]) async {
        for topic in topics {
            for index in 0..<topic.partitions {
                do {
                    let log = try await log(TopicPartition(topic: topic.name, partition: index), configs: topic.configs)
                    let report = log.recoveryReport
                    if !report.truncations.isEmpty || !report.unreadable.isEmpty {
                        logger.warning("partition recovered", metadata: ["topic": "\(topic.name)", "partition": "\(index)",
                                                                         "report": "\(report)"])
                    }
                } catch {
                    logger.error("partition could not be opened", metadata: ["topic": "\(topic.name)", "partition": "\(index)",
                                                                             "error": "\(error)"])
                }
            }
        }
    }

    /// Closes and deletes every partition log of a topic.
    func deleteLogs(topic: String, partitions: Int32) async {
        for index in 0..<partitions {
            let partition = TopicPartition(topic: topic, partition: index)
            if let log = logs.withLock({ $0.removeValue(forKey: partition) }) { await log.close() }
            let directory = LogLayout.partitionDirectory(dataDirectory: dataDirectory, topic: topic, partition: index)
            do {
                if FileManager.default.fileExists(atPath: directory) { try FileManager.default.removeItem(atPath: directory) }
            } catch {
                logger.error("could not delete a partition's files", metadata: ["directory": "\(directory)", "error": "\(error)"])
            }
        }
    }

    /// Applies retention to every open log.
    func enforceRetention() async {
        for (partition, log) in logs.withLock({ $0 }) {
            do {
                _ = try await log.enforceRetention()
            } catch {
                logger.error("retention failed", metadata: ["topic": "\(partition.topic)", "partition": "\(partition.partition)",
                                                            "error": "\(error)"])
            }
        }
    }

    func closeAll() async {
        for log in logs.withLock({ $0.values }) { await log.close() }
        logs.withLock { $0 = [:] }
    }

    /// The bytes of each topic's open partition logs, read without waiting for any actor.
    nonisolated func sizesByTopic() -> [String: Int] {
        logs.withLock { logs in
            logs.reduce(into: [:]) { sizes, open in
                sizes[open.key.topic, default: 0] += open.value.publishedSize.load(ordering: .relaxed)
            }
        }
    }

    /// The bytes of each open partition log (DescribeLogDirs), read as `sizesByTopic` is.
    nonisolated func sizesByPartition() -> [TopicPartition: Int] {
        logs.withLock { logs in logs.mapValues { $0.publishedSize.load(ordering: .relaxed) } }
    }
}
