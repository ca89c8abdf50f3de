import Observability
import Synchronization

/// Shows the broker's partition count and each topic's log size at every
/// scrape, from figures the topic registry and the logs keep readable
/// without their actors, so a scrape never waits behind an append.
final class BrokerMetricsReporter: Sendable {
    private let topics: TopicRegistry
    private let logs: LogManager
    /// The topics the last scrape showed: one deleted since reads 0, as a family cannot drop a series.
    private let shown = Mutex<Set<String>>([])

    /// Registers a reporter, unless `metrics` shows neither figure.
    static func register(in metrics: PortcullisMetrics, topics: TopicRegistry, logs: LogManager) {
        guard metrics.brokerPartitions.isEnabled || metrics.brokerLogSize.isEnabled else { return }
        let reporter = BrokerMetricsReporter(topics: topics, logs: logs)
        metrics.beforeEachScrape { reporter.report(to: $0) }
    }

    private init(topics: TopicRegistry, logs: LogManager) {
        self.topics = topics
        self.logs = logs
    }

    private func report(to metrics: PortcullisMetrics) {
        metrics.brokerPartitions.set(to: Double(topics.partitionCount.load(ordering: .relaxed)))
        let sizes = logs.sizesByTopic()
        let gone = shown.withLock { shown in
            defer { shown = Set(sizes.keys) }
            return shown.subtracting(sizes.keys)
        }
        for topic in gone { metrics.brokerLogSize.set(topic, to: 0) }
        for (topic, size) in sizes { metrics.brokerLogSize.set(topic, to: Double(size)) }
    }
}
