import KafkaProtocol

/// Turns a cluster's Metadata and its brokers' DescribeLogDirs answers into
/// per-topic storage. Pure: no connection, tested on its own.
///
/// - Only the leader's copy of a partition counts: storage is billed for the
///   data, not for its replicas (as MSK Serverless bills it).
/// - Internal topics (`__consumer_offsets`, `__transaction_state`) are left
///   out: `portcullis dev`'s broker keeps group offsets outside topics, so its
///   sampler never sees them, and the gateway meters the same thing, the
///   topics clients made.
/// - A partition without a leader counts as a partition holding no bytes.
/// - A topic one of whose leaders did not answer, or answered without that
///   partition, is left out of the round rather than sampled too small.
enum UpstreamStorageTally {
    struct Partition: Hashable, Sendable {
        let topic: String
        let partition: Int32
    }

    /// The topics sampled: answered without error, named, not internal.
    static func sampledTopics(_ metadata: MetadataResponse) -> [MetadataResponse.MetadataResponseTopic] {
        metadata.topics.filter { $0.errorCode == KafkaErrorCode.none.rawValue && $0.name != nil && !$0.isInternal }
    }

    /// The partitions of the sampled topics each broker leads, by node id.
    static func partitionsLed(_ metadata: MetadataResponse) -> [Int32: [String: [Int32]]] {
        var led: [Int32: [String: [Int32]]] = [:]
        for topic in sampledTopics(metadata) {
            for partition in topic.partitions where partition.leaderId >= 0 {
                led[partition.leaderId, default: [:]][topic.name!, default: []].append(partition.partitionIndex)
            }
        }
        return led
    }

    /// The partition sizes in a broker's DescribeLogDirs answer: current
    /// replicas only (not the future copy of a move between directories), in
    /// log directories that answered without error.
    static func sizes(in response: DescribeLogDirsResponse) -> [Partition: Int64] {
        var sizes: [Partition: Int64] = [:]
        for directory in response.results where directory.errorCode == KafkaErrorCode.none.rawValue {
            for topic in directory.topics {
                for partition in topic.partitions where !partition.isFutureKey {
                    let key = Partition(topic: topic.name, partition: partition.partitionIndex)
                    sizes[key] = max(sizes[key] ?? 0, partition.partitionSize)
                }
            }
        }
        return sizes
    }

    /// Each sampled topic's partitions and leader bytes, from `sizes` by the
    /// node that answered; and the topics left out because a leader's size is missing.
    static func storage(
        _ metadata: MetadataResponse, sizes: [Int32: [Partition: Int64]]
    ) -> (topics: [UpstreamTopicStorage], incomplete: [String]) {
        var topics: [UpstreamTopicStorage] = []
        var incomplete: [String] = []
        for topic in sampledTopics(metadata) {
            let name = topic.name!
            var bytes: Int64 = 0
            var complete = true
            for partition in topic.partitions where partition.leaderId >= 0 {
                guard let size = sizes[partition.leaderId]?[Partition(topic: name, partition: partition.partitionIndex)] else {
                    complete = false
                    break
                }
                bytes += max(size, 0)
            }
            if complete {
                topics.append(UpstreamTopicStorage(topic: name, partitions: topic.partitions.count, bytes: Int(bytes)))
            } else {
                incomplete.append(name)
            }
        }
        return (topics.sorted { $0.topic < $1.topic }, incomplete.sorted())
    }
}
