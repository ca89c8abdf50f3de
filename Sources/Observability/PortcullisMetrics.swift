import Prometheus
import Synchronization

/// The metrics of one process, as `MetricCatalog` defines them, in a
/// Prometheus registry of its own (so tests and several gateways in one
/// process do not share series). `off` disables every family: instrumented
/// code takes this object unconditionally and pays one check per call.
public final class PortcullisMetrics: Sendable {
    /// nil when metrics are off.
    public let level: MetricsLevel?
    public let registry: PrometheusCollectorRegistry

    public let topicBytesIn: MetricFamily<Counter>
    public let topicBytesOut: MetricFamily<Counter>
    public let topicMessagesIn: MetricFamily<Counter>
    public let principalBytesIn: MetricFamily<Counter>
    public let principalBytesOut: MetricFamily<Counter>
    public let connections: MetricFamily<Gauge>
    public let connectionsCreated: MetricFamily<Counter>
    public let connectionsRefused: MetricFamily<Counter>
    public let authentications: MetricFamily<Counter>
    public let authorizationDecisions: MetricFamily<Counter>
    public let requestDuration: MetricFamily<DurationHistogram>
    public let throttleTime: MetricFamily<Counter>
    public let upstreamErrors: MetricFamily<Counter>
    public let kmsRequests: MetricFamily<Counter>
    public let dataKeyCacheHits: MetricFamily<Counter>
    public let decisionLogLag: MetricFamily<Gauge>
    public let decisionLogWriteFailures: MetricFamily<Counter>
    public let logDeliveryLag: MetricFamily<Gauge>
    public let logDeliveryPending: MetricFamily<Gauge>
    public let logDeliverySkipped: MetricFamily<Counter>
    public let serviceLogDropped: MetricFamily<Counter>
    public let memoryBudget: MetricFamily<Gauge>
    public let brokerLogSize: MetricFamily<Gauge>
    public let brokerPartitions: MetricFamily<Gauge>

    private let scrapeHooks = Mutex<[@Sendable (PortcullisMetrics) -> Void]>([])

    /// Metrics off: every family disabled, nothing registered.
    public static let off = PortcullisMetrics(level: nil)

    /// Request durations from 100 µs (a small request through the gateway) to 10 s (a long poll).
    public static let requestDurationBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .microseconds(2500),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    /// - Parameters:
    ///   - level: what to show; nil for nothing.
    ///   - maximumSeriesPerFamily: the cap on label combinations per metric name.
    public init(level: MetricsLevel?, maximumSeriesPerFamily: Int = 1000) {
        self.level = level
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        func family<Metric>(
            _ definition: MetricDefinition, _ make: @escaping @Sendable (PrometheusCollectorRegistry, MetricDefinition, [(String, String)]) -> Metric
        ) -> MetricFamily<Metric> {
            MetricFamily(definition, enabled: level.map { definition.level <= $0 } ?? false,
                         maximumSeries: maximumSeriesPerFamily) { labels in make(registry, definition, labels) }
        }
        let counter: @Sendable (PrometheusCollectorRegistry, MetricDefinition, [(String, String)]) -> Counter = {
            $0.makeCounter(descriptor: $1.descriptor, labels: $2)
        }
        let gauge: @Sendable (PrometheusCollectorRegistry, MetricDefinition, [(String, String)]) -> Gauge = {
            $0.makeGauge(descriptor: $1.descriptor, labels: $2)
        }
        topicBytesIn = family(MetricCatalog.topicBytesIn, counter)
        topicBytesOut = family(MetricCatalog.topicBytesOut, counter)
        topicMessagesIn = family(MetricCatalog.topicMessagesIn, counter)
        principalBytesIn = family(MetricCatalog.principalBytesIn, counter)
        principalBytesOut = family(MetricCatalog.principalBytesOut, counter)
        connections = family(MetricCatalog.connections, gauge)
        connectionsCreated = family(MetricCatalog.connectionsCreated, counter)
        connectionsRefused = family(MetricCatalog.connectionsRefused, counter)
        authentications = family(MetricCatalog.authentications, counter)
        authorizationDecisions = family(MetricCatalog.authorizationDecisions, counter)
        requestDuration = family(MetricCatalog.requestDuration) {
            $0.makeDurationHistogram(descriptor: $1.descriptor, labels: $2, buckets: Self.requestDurationBuckets)
        }
        throttleTime = family(MetricCatalog.throttleTime, counter)
        upstreamErrors = family(MetricCatalog.upstreamErrors, counter)
        kmsRequests = family(MetricCatalog.kmsRequests, counter)
        dataKeyCacheHits = family(MetricCatalog.dataKeyCacheHits, counter)
        decisionLogLag = family(MetricCatalog.decisionLogLag, gauge)
        decisionLogWriteFailures = family(MetricCatalog.decisionLogWriteFailures, counter)
        logDeliveryLag = family(MetricCatalog.logDeliveryLag, gauge)
        logDeliveryPending = family(MetricCatalog.logDeliveryPending, gauge)
        logDeliverySkipped = family(MetricCatalog.logDeliverySkipped, counter)
        serviceLogDropped = family(MetricCatalog.serviceLogDropped, counter)
        memoryBudget = family(MetricCatalog.memoryBudget, gauge)
        brokerLogSize = family(MetricCatalog.brokerLogSize, gauge)
        brokerPartitions = family(MetricCatalog.brokerPartitions, gauge)
        // Series without labels exist from the start at 0, so that rate() and alerts on them work before the first event.
        _ = dataKeyCacheHits.series([])
        _ = decisionLogLag.series([])
        _ = decisionLogWriteFailures.series([])
        _ = brokerPartitions.series([])
    }

    /// Runs `hook` before every scrape: for figures cheaper to read when
    /// asked than to keep current (a broker's log sizes).
    public func beforeEachScrape(_ hook: @escaping @Sendable (PortcullisMetrics) -> Void) {
        scrapeHooks.withLock { $0.append(hook) }
    }

    /// The text exposition (Prometheus format 0.0.4) of every series, with
    /// the process metrics; empty when metrics are off.
    public func exposition() -> [UInt8] {
        guard level != nil else { return [] }
        for hook in scrapeHooks.withLock({ $0 }) { hook(self) }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        buffer.append(contentsOf: ProcessMetrics.read().exposition.utf8)
        return buffer
    }
}
