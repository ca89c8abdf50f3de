import KafkaProtocol

/// Metadata, coordinators and topic administration of the single-node cluster.
struct ClusterHandlers: Sendable {
    let configuration: BrokerConfiguration
    let topics: TopicRegistry
    let logs: LogManager

    /// `advertised`: the address of the listener the request arrived on.
    func metadata(_ request: MetadataRequest, version: Int16, advertised: SocketAddressSpec) async -> MetadataResponse {
        // Null (or, before v1, empty) asks for every topic.
        let everyTopic = request.topics == nil || (version == 0 && request.topics?.isEmpty == true)
        var answered: [MetadataResponse.MetadataResponseTopic] = []
        if everyTopic {
            answered = await topics.all.map { describe($0) }
        } else {
            for wanted in request.topics ?? [] {
                answered.append(await describe(wanted, autoCreate: request.allowAutoTopicCreation || version < 4))
            }
        }
        if request.includeTopicAuthorizedOperations {
            for index in answered.indices where answered[index].errorCode == KafkaErrorCode.none.rawValue {
                answered[index].topicAuthorizedOperations = AuthorizedOperations.topic
            }
        }
        return MetadataResponse(
            brokers: [.init(nodeId: configuration.nodeId, host: advertised.host, port: Int32(advertised.port))],
            clusterId: configuration.clusterId,
            controllerId: configuration.nodeId,
            topics: answered,
            clusterAuthorizedOperations: request.includeClusterAuthorizedOperations ? AuthorizedOperations.cluster : AuthorizedOperations.notRequested
        )
    }

    private func describe(_ wanted: MetadataRequest.MetadataRequestTopic, autoCreate: Bool) async -> MetadataResponse.MetadataResponseTopic {
        if let name = wanted.name {
            if let topic = await topics.topic(named: name) { return describe(topic) }
            guard autoCreate, configuration.autoCreateTopicsEnable else {
                return .init(errorCode: KafkaErrorCode.unknownTopicOrPartition.rawValue, name: name)
            }
            do {
                return describe(try await topics.create(name: name, partitions: configuration.numPartitions, configs: [:]))
            } catch {
                return .init(errorCode: error.code.rawValue, name: name)
            }
        }
        if let topic = await topics.topic(id: wanted.topicId) { return describe(topic) }
        return .init(errorCode: KafkaErrorCode.unknownTopicId.rawValue, topicId: wanted.topicId)
    }

    private func describe(_ topic: TopicRegistry.Topic) -> MetadataResponse.MetadataResponseTopic {
        let node = configuration.nodeId
        return .init(
            name: topic.name,
            topicId: topic.id,
            partitions: (0..<topic.partitions).map {
                .init(partitionIndex: $0, leaderId: node, leaderEpoch: 0, replicaNodes: [node], isrNodes: [node])
            }
        )
    }

    func describeCluster(_ request: DescribeClusterRequest, advertised: SocketAddressSpec) -> DescribeClusterResponse {
        DescribeClusterResponse(
            clusterId: configuration.clusterId,
            controllerId: configuration.nodeId,
            brokers: [.init(brokerId: configuration.nodeId, host: advertised.host, port: Int32(advertised.port))],
            clusterAuthorizedOperations: request.includeClusterAuthorizedOperations ? AuthorizedOperations.cluster : AuthorizedOperations.notRequested
        )
    }

    /// This one node coordinates every group and transaction.
    func findCoordinator(_ request: FindCoordinatorRequest, version: Int16, advertised: SocketAddressSpec) -> FindCoordinatorResponse {
        let node = configuration.nodeId
        let host = advertised.host
        let port = Int32(advertised.port)
        if version >= 4 {
            return FindCoordinatorResponse(coordinators: request.coordinatorKeys.map {
                .init(key: $0, nodeId: node, host: host, port: port)
            })
        }
        return FindCoordinatorResponse(nodeId: node, host: host, port: port)
    }

    func createTopics(_ request: CreateTopicsRequest) async -> CreateTopicsResponse {
        var results: [CreateTopicsResponse.CreatableTopicResult] = []
        for wanted in request.topics {
            let partitions = wanted.numPartitions == -1 ? configuration.numPartitions : wanted.numPartitions
            guard wanted.replicationFactor == -1 || wanted.replicationFactor == 1 else {
                results.append(.init(name: wanted.name, errorCode: KafkaErrorCode.invalidReplicationFactor.rawValue,
                                     errorMessage: "this single-node broker keeps one replica"))
                continue
            }
            guard wanted.assignments.isEmpty else {
                results.append(.init(name: wanted.name, errorCode: KafkaErrorCode.invalidRequest.rawValue,
                                     errorMessage: "manual replica assignment is not supported"))
                continue
            }
            let configs = Dictionary(wanted.configs.compactMap { config in config.value.map { (config.name, $0) } }, uniquingKeysWith: { $1 })
            if let problem = Self.configProblem(configs, defaults: configuration.log) {
                results.append(.init(name: wanted.name, errorCode: KafkaErrorCode.invalidConfig.rawValue, errorMessage: problem))
                continue
            }
            do {
                // validateOnly answers exactly what the real request would, and creates nothing.
                if request.validateOnly {
                    try await topics.checkCreation(name: wanted.name, partitions: partitions)
                    results.append(.init(name: wanted.name, numPartitions: partitions, replicationFactor: 1))
                    continue
                }
                let topic = try await topics.create(name: wanted.name, partitions: partitions, configs: configs)
                results.append(.init(name: topic.name, topicId: topic.id, numPartitions: topic.partitions, replicationFactor: 1))
            } catch {
                results.append(.init(name: wanted.name, errorCode: error.code.rawValue, errorMessage: error.message))
            }
        }
        return CreateTopicsResponse(topics: results)
    }

    /// Why a new topic's configs are refused: a name this broker does not
    /// know (Kafka refuses unknown names too) or a value out of range.
    static func configProblem(_ configs: [String: String], defaults: LogConfiguration) -> String? {
        let unknown = configs.keys.filter { !LogConfiguration.topicConfigNames.contains($0) }.sorted()
        guard unknown.isEmpty else { return "unknown or unsupported topic configs: \(unknown.joined(separator: ", "))" }
        do {
            _ = try LogConfiguration(topicConfigs: configs, defaults: defaults)
            return nil
        } catch {
            return "\(error)"
        }
    }

    func deleteTopics(_ request: DeleteTopicsRequest, version: Int16) async -> DeleteTopicsResponse {
        // v0-5 name topics in TopicNames; v6 in Topics, by name or id.
        var wanted: [(name: String?, id: KafkaUUID)] = request.topicNames.map { ($0, .zero) }
        wanted += request.topics.map { ($0.name, $0.topicId) }
        var results: [DeleteTopicsResponse.DeletableTopicResult] = []
        for target in wanted {
            var name = target.name
            if name == nil { name = await topics.topic(id: target.id)?.name }
            guard let name else {
                results.append(.init(topicId: target.id, errorCode: KafkaErrorCode.unknownTopicId.rawValue))
                continue
            }
            do {
                let topic = try await topics.delete(name: name)
                await logs.deleteLogs(topic: topic.name, partitions: topic.partitions)
                results.append(.init(name: topic.name, topicId: topic.id))
            } catch {
                results.append(.init(name: name, topicId: target.id, errorCode: error.code.rawValue, errorMessage: error.message))
            }
        }
        return DeleteTopicsResponse(responses: results)
    }

    func createPartitions(_ request: CreatePartitionsRequest) async -> CreatePartitionsResponse {
        var results: [CreatePartitionsResponse.CreatePartitionsTopicResult] = []
        for wanted in request.topics {
            do {
                // validateOnly answers exactly what the real request would, and changes nothing.
                if request.validateOnly {
                    try await topics.checkPartitionCount(name: wanted.name, to: wanted.count)
                } else {
                    _ = try await topics.setPartitionCount(name: wanted.name, to: wanted.count)
                }
                results.append(.init(name: wanted.name))
            } catch {
                results.append(.init(name: wanted.name, errorCode: error.code.rawValue, errorMessage: error.message))
            }
        }
        return CreatePartitionsResponse(results: results)
    }
}
