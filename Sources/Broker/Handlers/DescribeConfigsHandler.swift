import KafkaProtocol

/// DescribeConfigs for topics (their log settings) and for this broker.
struct DescribeConfigsHandler: Sendable {
    let topics: TopicRegistry
    let configuration: BrokerConfiguration

    /// Kafka's resource types and config sources.
    private enum ResourceType { static let topic: Int8 = 2, broker: Int8 = 4 }
    private enum Source { static let dynamicTopic: Int8 = 1, staticBroker: Int8 = 4, defaultConfig: Int8 = 5 }

    func describeConfigs(_ request: DescribeConfigsRequest) async -> DescribeConfigsResponse {
        var results: [DescribeConfigsResponse.DescribeConfigsResult] = []
        for resource in request.resources {
            var result = DescribeConfigsResponse.DescribeConfigsResult(resourceType: resource.resourceType, resourceName: resource.resourceName)
            switch resource.resourceType {
            case ResourceType.topic:
                guard let topic = await topics.topic(named: resource.resourceName) else {
                    result.errorCode = KafkaErrorCode.unknownTopicOrPartition.rawValue
                    result.errorMessage = "unknown topic '\(resource.resourceName)'"
                    break
                }
                let effective = (try? LogConfiguration(topicConfigs: topic.configs, defaults: configuration.log)) ?? configuration.log
                result.configs = entries(effective.topicConfigs, wanted: resource.configurationKeys) { name in
                    topic.configs[name] == nil ? Source.defaultConfig : Source.dynamicTopic
                }
            case ResourceType.broker:
                result.configs = entries(brokerConfigs, wanted: resource.configurationKeys) { _ in Source.staticBroker }
            default:
                result.errorCode = KafkaErrorCode.invalidRequest.rawValue
                result.errorMessage = "only topic and broker configs can be described"
            }
            results.append(result)
        }
        return DescribeConfigsResponse(results: results)
    }

    private var brokerConfigs: [String: String] {
        [
            "auto.create.topics.enable": "\(configuration.autoCreateTopicsEnable)",
            "num.partitions": "\(configuration.numPartitions)",
            "socket.request.max.bytes": "\(configuration.socketRequestMaxBytes)",
            "message.max.bytes": "\(configuration.log.maxMessageBytes)",
            "broker.id": "\(configuration.nodeId)",
        ]
    }

    private func entries(
        _ configs: [String: String], wanted: [String]?, source: (String) -> Int8
    ) -> [DescribeConfigsResponse.DescribeConfigsResourceResult] {
        configs.keys.sorted().filter { wanted?.contains($0) ?? true }.map { name in
            let origin = source(name)
            return .init(name: name, value: configs[name], readOnly: false, isDefault: origin == Source.defaultConfig, configSource: origin)
        }
    }
}
