import Authorization
import KafkaProtocol
import NIOCore
import Observability
import Prometheus
import Usage

/// One client connection's share of the gateway's metrics. Series are looked
/// up once (at accept, at each authentication, at the first use of a topic
/// or an API) and kept, never per request: a lookup takes a lock and builds
/// the label array. Families the level hides are not looked at at all.
struct ConnectionMetrics {
    let metrics: PortcullisMetrics
    /// Where the same traffic is metered for billing, whatever the metrics level.
    let usage: UsageRecorder?
    let listener: String
    let topicNames: TopicNames
    /// Whether per-topic and per-principal traffic is counted or metered; when not, no record batch is looked at.
    let countsTraffic: Bool
    private let timesRequests: Bool
    private var open: Gauge?
    /// The authenticated principal, for the usage journal and the throttle time.
    var principal = "User:ANONYMOUS"
    var principalBytesIn: Counter?
    var principalBytesOut: Counter?
    var topics: [String: TopicCounters] = [:]
    /// Topic ids of Fetch v13+ responses, resolved once per connection.
    var topicIds: [KafkaUUID: String] = [:]
    private var decisions: [DecisionKey: Counter] = [:]
    private var durations: [KafkaApiKey: DurationHistogram] = [:]
    /// The response being written, while its frame is not all written.
    var response: ResponseInProgress?

    /// Bounds the per-connection caches of a client that touches many topics.
    static let maximumCachedTopics = 1024

    struct TopicCounters {
        let bytesIn: Counter?
        let messagesIn: Counter?
        let bytesOut: Counter?
    }

    private struct DecisionKey: Hashable {
        let api: KafkaApiKey
        let allowed: Bool
    }

    struct ResponseInProgress {
        let request: AnsweredRequest
        /// Bytes of its frame still to write; nil until its length prefix is written.
        var remaining: Int?
        /// Set for a Fetch response when traffic is counted.
        var fetch: FetchResponseScanner?
    }

    init(metrics: PortcullisMetrics, usage: UsageRecorder? = nil, listener: String, topicNames: TopicNames) {
        self.metrics = metrics
        self.usage = usage
        self.listener = listener
        self.topicNames = topicNames
        self.countsTraffic = metrics.topicBytesOut.isEnabled || usage != nil
        self.timesRequests = metrics.requestDuration.isEnabled
    }

    mutating func opened() {
        metrics.connectionsCreated.increment(listener)
        open = metrics.connections.series([listener])
        open?.increment()
    }

    /// Safe to call more than once: the connection is counted closed once.
    mutating func closed() {
        open?.decrement()
        open = nil
    }

    /// An authentication attempt's outcome; a success also picks the principal's traffic counters.
    mutating func authenticated(_ attempt: AuthenticationToRecord) {
        metrics.authentications.increment(listener, attempt.mechanism, attempt.succeeded ? "success" : "failure")
        guard attempt.succeeded, let principal = attempt.principal else { return }
        self.principal = principal
        guard countsTraffic else { return }
        principalBytesIn = metrics.principalBytesIn.series([principal])
        principalBytesOut = metrics.principalBytesOut.series([principal])
    }

    mutating func count(_ metric: SessionMetric) {
        switch metric {
        case .decided(let api, let made):
            guard metrics.authorizationDecisions.isEnabled else { return }
            for decision in made { decisionCounter(api, allowed: decision.allowed).increment() }
        case .produced(let produce):
            if countsTraffic { produced(produce) }
        case .responding(let request):
            let scansRecords = countsTraffic && request.apiKey == .fetch
            guard timesRequests || scansRecords else { return }
            response = ResponseInProgress(
                request: request, remaining: nil, fetch: scansRecords ? FetchResponseScanner(version: request.apiVersion) : nil
            )
        case .refused(let reason):
            metrics.connectionsRefused.increment(listener, reason)
        case .upstreamFailed(let failure):
            metrics.upstreamErrors.increment(failure.rawValue)
        case .throttled(let throttle):
            metrics.throttleTime.increment(principal, throttle.quota.rawValue, by: Double(throttle.duration.nanoseconds) / 1e9)
        }
    }

    /// Bytes written to the client: the response in progress, if any, is
    /// scanned and, once its last byte is written, timed.
    mutating func written(_ bytes: ByteBuffer) {
        guard var current = response else { return }
        response = nil
        let frameSize = current.remaining ?? 4 + Int(bytes.getInteger(at: bytes.readerIndex, as: Int32.self) ?? 0)
        if current.fetch != nil {
            current.fetch!.scan(bytes) { topic, size in fetched(size, from: topic) }
        }
        let remaining = frameSize - bytes.readableBytes
        guard remaining <= 0 else {
            current.remaining = remaining
            response = current
            return
        }
        guard timesRequests else { return }
        let elapsed = NIODeadline.now() - current.request.receivedAt
        durationHistogram(current.request.apiKey).record(.nanoseconds(elapsed.nanoseconds))
    }

    private mutating func decisionCounter(_ api: KafkaApiKey, allowed: Bool) -> Counter {
        let key = DecisionKey(api: api, allowed: allowed)
        if let counter = decisions[key] { return counter }
        let counter = metrics.authorizationDecisions.series([api.name, allowed ? "allow" : "deny"])!
        decisions[key] = counter
        return counter
    }

    private mutating func durationHistogram(_ api: KafkaApiKey) -> DurationHistogram {
        if let histogram = durations[api] { return histogram }
        let histogram = metrics.requestDuration.series([api.name])!
        durations[api] = histogram
        return histogram
    }
}
