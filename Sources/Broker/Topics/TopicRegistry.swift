import Foundation
import SecretHandling
import KafkaProtocol
import Synchronization

/// The topics of the embedded broker, persisted as `DATA/meta/topics.json`
/// (written to a temporary file, synced, then renamed, so a crash leaves the
/// old or the new list, never half of one).
actor TopicRegistry {
    struct Topic: Codable, Equatable, Sendable {
        var name: String
        var id: KafkaUUID
        var partitions: Int32
        var configs: [String: String]
    }

    private let file: URL
    private var topicsByName: [String: Topic] {
        didSet { partitionCount.store(Self.partitions(in: topicsByName), ordering: .relaxed) }
    }
    /// Every topic's partitions, summed; readable without waiting for the actor (the metrics scrape).
    nonisolated let partitionCount = Atomic<Int>(0)

    init(metaDirectory: URL) throws {
        try SecureFile.makeDirectories(metaDirectory.path)
        self.file = metaDirectory.appendingPathComponent("topics.json")
        if let data = try? Data(contentsOf: file) {
            let topics = try JSONDecoder().decode([Topic].self, from: data)
            self.topicsByName = Dictionary(uniqueKeysWithValues: topics.map { ($0.name, $0) })
        } else {
            self.topicsByName = [:]
        }
        partitionCount.store(Self.partitions(in: topicsByName), ordering: .relaxed)
    }

    private static func partitions(in topics: [String: Topic]) -> Int {
        topics.values.reduce(0) { $0 + Int($1.partitions) }
    }

    var all: [Topic] { topicsByName.values.sorted { $0.name < $1.name } }

    func topic(named name: String) -> Topic? { topicsByName[name] }

    func topic(id: KafkaUUID) -> Topic? { topicsByName.values.first { $0.id == id } }

    /// Creates a topic, or says why not in Kafka's terms.
    func create(name: String, partitions: Int32, configs: [String: String]) throws(TopicError) -> Topic {
        try checkCreation(name: name, partitions: partitions)
        let topic = Topic(name: name, id: .random(), partitions: partitions, configs: configs)
        topicsByName[name] = topic
        try persist()
        return topic
    }

    /// Throws what `create` would refuse, changing nothing (CreateTopics with validateOnly).
    func checkCreation(name: String, partitions: Int32) throws(TopicError) {
        guard TopicName.isValid(name) else { throw TopicError(.invalidTopicException, "invalid topic name") }
        guard topicsByName[name] == nil else { throw TopicError(.topicAlreadyExists, "topic '\(name)' already exists") }
        guard partitions > 0 else { throw TopicError(.invalidPartitions, "the number of partitions must be positive") }
    }

    func delete(name: String) throws(TopicError) -> Topic {
        guard let topic = topicsByName.removeValue(forKey: name) else {
            throw TopicError(.unknownTopicOrPartition, "unknown topic '\(name)'")
        }
        try persist()
        return topic
    }

    /// Raises a topic's partition count; Kafka never lowers one.
    func setPartitionCount(name: String, to count: Int32) throws(TopicError) -> Topic {
        var topic = try checkPartitionCount(name: name, to: count)
        topic.partitions = count
        topicsByName[name] = topic
        try persist()
        return topic
    }

    /// The topic, unless `setPartitionCount` would refuse (CreatePartitions with validateOnly).
    @discardableResult
    func checkPartitionCount(name: String, to count: Int32) throws(TopicError) -> Topic {
        guard let topic = topicsByName[name] else { throw TopicError(.unknownTopicOrPartition, "unknown topic '\(name)'") }
        guard count > topic.partitions else {
            throw TopicError(.invalidPartitions, "topic '\(name)' has \(topic.partitions) partitions; the count can only grow")
        }
        return topic
    }

    private func persist() throws(TopicError) {
        do {
            let data = try JSONEncoder().encode(all)
            try DurableFile.replace(file, with: data)
        } catch {
            throw TopicError(.kafkaStorageError, "could not save the topic list: \(error)")
        }
    }
}

/// A refused topic operation: the Kafka error code and a message for the client.
struct TopicError: Error, Sendable {
    var code: KafkaErrorCode
    var message: String

    init(_ code: KafkaErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }
}
