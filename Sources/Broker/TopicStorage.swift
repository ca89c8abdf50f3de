/// What one topic holds on the broker's disk, for usage metering (partition-hours, storage byte-hours).
public struct TopicStorage: Sendable, Equatable {
    public let topic: String
    public let partitions: Int
    /// Bytes of its segment files (`.log`), as the metrics report them.
    public let bytes: Int
}

extension EmbeddedBroker {
    /// Every topic with its partitions and the bytes its logs hold now; a
    /// topic never used has no open log yet and reads 0 bytes.
    public func storage() async -> [TopicStorage] {
        let sizes = logs.sizesByTopic()
        return await topics.all.map {
            TopicStorage(topic: $0.name, partitions: Int($0.partitions), bytes: sizes[$0.name] ?? 0)
        }
    }
}
