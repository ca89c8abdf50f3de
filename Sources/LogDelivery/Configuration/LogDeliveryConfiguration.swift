/// Where and how the decision log (and the service log) is delivered: the
/// `log.delivery.*` settings. A destination is on when its name is set (log
/// group, bucket, stream); each log in `logs` goes to every destination.
public struct LogDeliveryConfiguration: Sendable, Equatable {
    /// The logs delivered: the decision log by default.
    public var logs: [DeliveredLog] = [.decisions]
    public var cloudWatchLogs = CloudWatchLogsSettings()
    public var s3 = S3Settings()
    public var kinesis = KinesisSettings()
    /// The destinations' AWS region; `AWS_REGION` (or `AWS_DEFAULT_REGION`) when nil.
    public var region: String?
    /// Names this gateway in S3 keys, as the default log stream and as the Kinesis partition key.
    public var instance: String = "portcullis"
    /// A batch is sent when it holds this many bytes of lines (or a destination's own limit, if lower) …
    public var batchMaximumBytes: Int = 1 << 20
    /// … or when its first line has waited this long, whichever comes first.
    public var batchMaximumAge: Duration = .seconds(5)
    /// The longest wait between two tries of a batch a destination refused.
    public var retryMaximumDelay: Duration = .seconds(30)

    public init() {}

    /// True when at least one destination is configured.
    public var isEnabled: Bool {
        cloudWatchLogs.logGroup != nil || s3.bucket != nil || kinesis.stream != nil
    }
}

/// A log that can be delivered.
public enum DeliveredLog: String, Sendable, Equatable, CaseIterable {
    /// `DATA/audit/decisions-NNNNNN.jsonl`
    case decisions
    /// The service log's files, `service-NNNNNN.jsonl` (`service.log.dir`, `--log-dir`).
    case service
}

public struct CloudWatchLogsSettings: Sendable, Equatable {
    public var logGroup: String?
    /// The decision log's stream; the instance name when nil.
    public var logStream: String?
    /// The service log's stream (in the same group); `INSTANCE-service` when nil.
    public var serviceLogStream: String?
    /// `https://logs.REGION.amazonaws.com` unless set here or in `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`.
    public var endpoint: String?

    public init() {}
}

public struct S3Settings: Sendable, Equatable {
    public var bucket: String?
    /// Objects are `PREFIX/INSTANCE/FILE/START-END.jsonl`.
    public var prefix: String = "portcullis/decisions"
    /// The service log's objects are `SERVICEPREFIX/INSTANCE/FILE/START-END.jsonl`.
    public var servicePrefix: String = "portcullis/service"
    /// `https://s3.REGION.amazonaws.com` unless set here or in `AWS_ENDPOINT_URL_S3`; path-style addressing.
    public var endpoint: String?

    public init() {}
}

public struct KinesisSettings: Sendable, Equatable {
    public var stream: String?
    /// The service log's records' partition key (the decision log's is the instance); `INSTANCE-service` when nil.
    public var servicePartitionKey: String?
    /// `https://kinesis.REGION.amazonaws.com` unless set here or in `AWS_ENDPOINT_URL_KINESIS`.
    public var endpoint: String?

    public init() {}
}
