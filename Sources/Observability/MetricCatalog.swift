/// Every metric Portcullis exposes, by its exact Prometheus name (the names
/// docs/operations.md and the Grafana dashboard use). Counters end in
/// `_total`; byte and second units are in the name, as Prometheus' naming
/// guide asks.
public enum MetricCatalog {
    // Traffic, per topic and per principal: record-batch bytes as the client sent or received them.
    public static let topicBytesIn = MetricDefinition(
        "portcullis_topic_bytes_in_total", help: "Record batch bytes produced to the topic through the gateway.",
        labels: ["topic"], level: .topic)
    public static let topicBytesOut = MetricDefinition(
        "portcullis_topic_bytes_out_total", help: "Record batch bytes fetched from the topic through the gateway.",
        labels: ["topic"], level: .topic)
    public static let topicMessagesIn = MetricDefinition(
        "portcullis_topic_messages_in_total", help: "Records produced to the topic (from batch headers).",
        labels: ["topic"], level: .topic)
    public static let principalBytesIn = MetricDefinition(
        "portcullis_principal_bytes_in_total", help: "Record batch bytes produced by the principal.",
        labels: ["principal"], level: .topic)
    public static let principalBytesOut = MetricDefinition(
        "portcullis_principal_bytes_out_total", help: "Record batch bytes fetched by the principal.",
        labels: ["principal"], level: .topic)

    // Connections and authentication.
    public static let connections = MetricDefinition(
        "portcullis_connections", help: "Client connections open now.", labels: ["listener"], level: .basic)
    public static let connectionsCreated = MetricDefinition(
        "portcullis_connections_created_total", help: "Client connections accepted.",
        labels: ["listener"], level: .basic)
    public static let connectionsRefused = MetricDefinition(
        "portcullis_connections_refused_total", help: "Client connections refused, by reason.",
        labels: ["listener", "reason"], level: .basic)
    public static let authentications = MetricDefinition(
        "portcullis_authentications_total", help: "Authentication attempts, by mechanism and result.",
        labels: ["listener", "mechanism", "result"], level: .basic)

    // Requests.
    public static let authorizationDecisions = MetricDefinition(
        "portcullis_authorization_decisions_total", help: "Authorization decisions, by API and decision.",
        labels: ["api", "decision"], level: .basic)
    public static let requestDuration = MetricDefinition(
        "portcullis_request_duration_seconds",
        help: "Time from a client's request arriving at the gateway to its response leaving it.",
        labels: ["api"], level: .enhanced)
    public static let throttleTime = MetricDefinition(
        "portcullis_throttle_time_seconds_total", help: "Time clients were throttled, by principal and quota.",
        labels: ["principal", "quota"], level: .topic)

    // Dependencies and internal health.
    public static let upstreamErrors = MetricDefinition(
        "portcullis_upstream_errors_total", help: "Errors on connections to the upstream brokers, by kind.",
        labels: ["kind"], level: .basic)
    public static let kmsRequests = MetricDefinition(
        "portcullis_kms_requests_total",
        help: "Requests to the KMS, by operation (the AWS KMS action) and result: success, failure (an error answer) or unreachable (no answer).",
        labels: ["operation", "result"], level: .enhanced)
    public static let dataKeyCacheHits = MetricDefinition(
        "portcullis_data_key_cache_hits_total", help: "Data keys served from the cache instead of the KMS.",
        level: .enhanced)
    public static let decisionLogLag = MetricDefinition(
        "portcullis_decision_log_lag_seconds",
        help: "Age of the oldest decision-log record not yet written and synced (0 when none waits).",
        level: .enhanced)
    public static let decisionLogWriteFailures = MetricDefinition(
        "portcullis_decision_log_write_failures_total", help: "Decision-log writes or syncs that failed.",
        level: .basic)
    public static let logDeliveryLag = MetricDefinition(
        "portcullis_log_delivery_lag_seconds",
        help: "Age of the oldest decision-log record not yet delivered to the destination (0 when caught up).",
        labels: ["destination"], level: .enhanced)
    public static let logDeliveryPending = MetricDefinition(
        "portcullis_log_delivery_pending_bytes", help: "Decision-log bytes written but not yet delivered to the destination.",
        labels: ["destination"], level: .enhanced)
    public static let logDeliverySkipped = MetricDefinition(
        "portcullis_log_delivery_skipped_bytes_total",
        help: "Service-log bytes the file rotation deleted before they were delivered to the destination (as last measured).",
        labels: ["destination"], level: .basic)
    public static let serviceLogDropped = MetricDefinition(
        "portcullis_service_log_dropped_lines_total",
        help: "Service-log lines that could not be written to the service log's files (full disk, I/O error).",
        level: .basic)
    public static let memoryBudget = MetricDefinition(
        "portcullis_memory_budget_bytes", help: "Request memory budget: bytes in use, and the limit.",
        labels: ["kind"], level: .enhanced)

    // The embedded broker tier.
    public static let brokerLogSize = MetricDefinition(
        "portcullis_broker_log_size_bytes", help: "Bytes of log segments on disk, by topic.",
        labels: ["topic"], level: .topic)
    public static let brokerPartitions = MetricDefinition(
        "portcullis_broker_partitions", help: "Partitions hosted by the embedded broker.", level: .basic)

    /// The process figures, under the names Prometheus' client libraries and node exporter use.
    public static let processCPUSeconds = "process_cpu_seconds_total"
    public static let processResidentMemory = "process_resident_memory_bytes"
    public static let processOpenFileDescriptors = "process_open_fds"
    public static let processStartTime = "process_start_time_seconds"
    public static let processNames = [processCPUSeconds, processResidentMemory, processOpenFileDescriptors, processStartTime]

    /// Every definition above, for the documentation test and the dashboard check.
    public static let all: [MetricDefinition] = [
        topicBytesIn, topicBytesOut, topicMessagesIn, principalBytesIn, principalBytesOut,
        connections, connectionsCreated, connectionsRefused, authentications,
        authorizationDecisions, requestDuration, throttleTime,
        upstreamErrors, kmsRequests, dataKeyCacheHits, decisionLogLag, decisionLogWriteFailures,
        logDeliveryLag, logDeliveryPending, logDeliverySkipped, serviceLogDropped, memoryBudget,
        brokerLogSize, brokerPartitions,
    ]
}
