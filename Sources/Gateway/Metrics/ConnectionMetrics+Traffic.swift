import KafkaProtocol
import NIOCore

/// Record traffic by topic and principal (metrics, and the usage journal when
/// there is one): what a Produce request sends
/// upstream (its records fields as the client sent them, and the record
/// counts their batch headers give), and what Fetch responses return.
extension ConnectionMetrics {
    mutating func produced(_ produce: ProduceRequest) {
        var total = 0
        for topic in produce.topicData {
            var bytes = 0
            var messages = 0
            for partition in topic.partitionData {
                guard var records = partition.records else { continue }
                bytes += records.readableBytes
                // Headers only: the authorizer has already read these batches as whole v2 batches.
                while let batch = try? records.readKafkaRecordBatch() { messages += Int(batch.recordsCount) }
            }
            guard bytes > 0 else { continue }
            let counters = topicCounters(topic.name)
            counters.bytesIn?.increment(by: Int64(bytes))
            counters.messagesIn?.increment(by: Int64(messages))
            usage?.record(principal: principal, topic: topic.name, bytesIn: bytes, bytesOut: 0, messagesIn: messages)
            total += bytes
        }
        if total > 0 { principalBytesIn?.increment(by: Int64(total)) }
    }

    /// One partition of a Fetch response: `size` bytes of records.
    mutating func fetched(_ size: Int, from topic: FetchResponseScanner.Topic) {
        guard size > 0 else { return }
        let name: String
        switch topic {
        case .name(let topicName):
            name = topicName
        case .id(let id):
            if let known = topicIds[id] {
                name = known
            } else {
                // Known: the request was authorized by this name.
                guard let learned = topicNames.name(of: id) else { return }
                if topicIds.count >= Self.maximumCachedTopics { topicIds.removeAll(keepingCapacity: true) }
                topicIds[id] = learned
                name = learned
            }
        }
        topicCounters(name).bytesOut?.increment(by: Int64(size))
        principalBytesOut?.increment(by: Int64(size))
        usage?.record(principal: principal, topic: name, bytesIn: 0, bytesOut: size, messagesIn: 0)
    }

    private mutating func topicCounters(_ name: String) -> TopicCounters {
        if let counters = topics[name] { return counters }
        if topics.count >= Self.maximumCachedTopics { topics.removeAll(keepingCapacity: true) }
        let counters = TopicCounters(
            bytesIn: metrics.topicBytesIn.series([name]),
            messagesIn: metrics.topicMessagesIn.series([name]),
            bytesOut: metrics.topicBytesOut.series([name])
        )
        topics[name] = counters
        return counters
    }
}
