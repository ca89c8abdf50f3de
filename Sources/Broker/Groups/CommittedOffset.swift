/// A partition of a topic, as groups commit offsets for it.
struct TopicPartition: Hashable, Sendable, Codable {
    var topic: String
    var partition: Int32
}

/// An offset a group committed for one partition.
struct CommittedOffset: Sendable, Codable, Equatable {
    var offset: Int64
    var leaderEpoch: Int32
    var metadata: String?
    var commitTimestamp: Int64
}
