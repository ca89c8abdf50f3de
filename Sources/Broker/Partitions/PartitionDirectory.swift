import KafkaProtocol

/// Finds the log of a topic partition by name or topic id, creating the
/// topic first when auto-creation is on.
struct PartitionDirectory: Sendable {
    let topics: TopicRegistry
    let logs: LogManager
    let configuration: BrokerConfiguration

    func log(topic name: String, partition: Int32, autoCreate: Bool) async -> Result<PartitionLog, KafkaErrorCode> {
        var topic = await topics.topic(named: name)
        if topic == nil, autoCreate, configuration.autoCreateTopicsEnable {
            // Another request may have created it meanwhile: look again either way.
            _ = try? await topics.create(name: name, partitions: configuration.numPartitions, configs: [:])
            topic = await topics.topic(named: name)
        }
        guard let topic else { return .failure(.unknownTopicOrPartition) }
        return await log(of: topic, partition: partition)
    }

    func log(of topic: TopicRegistry.Topic, partition: Int32) async -> Result<PartitionLog, KafkaErrorCode> {
        guard (0..<topic.partitions).contains(partition) else { return .failure(.unknownTopicOrPartition) }
        do throws(LogError) {
            return .success(try await logs.log(TopicPartition(topic: topic.name, partition: partition), configs: topic.configs))
        } catch {
            return .failure(error.kafkaErrorCode)
        }
    }

    func topic(named name: String) async -> TopicRegistry.Topic? { await topics.topic(named: name) }
    func topic(id: KafkaUUID) async -> TopicRegistry.Topic? { await topics.topic(id: id) }
}
