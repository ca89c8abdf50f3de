/// One topic's storage as the upstream cluster reports it: its partitions,
/// and the bytes of their leaders' logs (each partition once, whatever the
/// replication factor).
public struct UpstreamTopicStorage: Sendable, Equatable {
    public let topic: String
    public let partitions: Int
    public let bytes: Int

    public init(topic: String, partitions: Int, bytes: Int) {
        self.topic = topic
        self.partitions = partitions
        self.bytes = bytes
    }
}
