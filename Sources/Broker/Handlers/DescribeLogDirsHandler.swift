import Foundation
import KafkaProtocol

/// DescribeLogDirs: the one log directory of this broker, with the size of
/// each partition's log (its segment files, as the metrics and the usage
/// journal measure them) and, from v4, the disk's total and usable bytes.
///
/// As in Kafka, a null topic list asks for every partition, and a partition
/// asked for that this broker does not hold is left out rather than refused.
/// Every partition here is a current replica: no offset lag, no future log.
struct DescribeLogDirsHandler: Sendable {
    let topics: TopicRegistry
    let logs: LogManager
    let configuration: BrokerConfiguration

    func describeLogDirs(_ request: DescribeLogDirsRequest) async -> DescribeLogDirsResponse {
        let sizes = logs.sizesByPartition()
        var described: [DescribeLogDirsResponse.DescribeLogDirsTopic] = []
        if let wanted = request.topics {
            // Kafka merges repeated topics; so does a dictionary, keeping the order asked.
            var partitionsByTopic: [String: Set<Int32>] = [:]
            var order: [String] = []
            for topic in wanted {
                if partitionsByTopic[topic.topic] == nil { order.append(topic.topic) }
                partitionsByTopic[topic.topic, default: []].formUnion(topic.partitions)
            }
            for name in order {
                guard let topic = await topics.topic(named: name) else { continue }
                let held = partitionsByTopic[name, default: []].filter { (0..<topic.partitions).contains($0) }.sorted()
                if !held.isEmpty { described.append(describe(name, partitions: held, sizes: sizes)) }
            }
        } else {
            for topic in await topics.all {
                described.append(describe(topic.name, partitions: Array(0..<topic.partitions), sizes: sizes))
            }
        }
        let directory = URL(fileURLWithPath: LogLayout.logsDirectory(dataDirectory: configuration.dataDirectory)).standardizedFileURL.path
        let disk = try? FileManager.default.attributesOfFileSystem(forPath: directory)
        return DescribeLogDirsResponse(results: [
            .init(
                logDir: directory,
                topics: described,
                totalBytes: (disk?[.systemSize] as? NSNumber)?.int64Value ?? -1,
                usableBytes: (disk?[.systemFreeSize] as? NSNumber)?.int64Value ?? -1
            ),
        ])
    }

    private func describe(_ topic: String, partitions: [Int32], sizes: [TopicPartition: Int]) -> DescribeLogDirsResponse.DescribeLogDirsTopic {
        .init(name: topic, partitions: partitions.map { partition in
            .init(
                partitionIndex: partition,
                // A partition whose log was never opened holds nothing yet.
                partitionSize: Int64(sizes[TopicPartition(topic: topic, partition: partition)] ?? 0),
                offsetLag: 0,
                isFutureKey: false
            )
        })
    }
}
