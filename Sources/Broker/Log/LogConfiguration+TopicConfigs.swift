import KafkaProtocol

extension LogConfiguration {
    /// The names this type understands, as CreateTopics, AlterConfigs and
    /// DescribeConfigs spell them.
    public static let topicConfigNames: Set<String> = [
        "segment.bytes", "segment.ms", "retention.bytes", "retention.ms", "index.interval.bytes",
        "max.message.bytes", "message.timestamp.type",
    ]

    /// `defaults` overridden by the topic configs it understands; other names
    /// are left to the caller. Throws for a value Kafka would refuse.
    public init(topicConfigs: [String: String], defaults: LogConfiguration = LogConfiguration()) throws(LogError) {
        self = defaults
        for (name, value) in topicConfigs {
            switch name {
            case "segment.bytes": self.segmentBytes = try Self.integer(name, value)
            case "segment.ms": self.segmentMs = try Self.integer(name, value)
            case "retention.bytes": self.retentionBytes = try Self.integer(name, value)
            case "retention.ms": self.retentionMs = try Self.integer(name, value)
            case "index.interval.bytes": self.indexIntervalBytes = try Self.integer(name, value)
            case "max.message.bytes": self.maxMessageBytes = try Self.integer(name, value)
            case "message.timestamp.type":
                switch value {
                case "CreateTime": self.messageTimestampType = .createTime
                case "LogAppendTime": self.messageTimestampType = .logAppendTime
                default: throw .invalidConfiguration(name: name, value: value)
                }
            default: continue
            }
        }
        try self.validate()
    }

    /// The values under their Kafka names, for DescribeConfigs.
    public var topicConfigs: [String: String] {
        [
            "segment.bytes": "\(segmentBytes)",
            "segment.ms": "\(segmentMs)",
            "retention.bytes": "\(retentionBytes)",
            "retention.ms": "\(retentionMs)",
            "index.interval.bytes": "\(indexIntervalBytes)",
            "max.message.bytes": "\(maxMessageBytes)",
            "message.timestamp.type": messageTimestampType == .createTime ? "CreateTime" : "LogAppendTime",
        ]
    }

    private static func integer<Value: FixedWidthInteger>(_ name: String, _ text: String) throws(LogError) -> Value {
        guard let value = Value(text) else { throw .invalidConfiguration(name: name, value: text) }
        return value
    }
}
