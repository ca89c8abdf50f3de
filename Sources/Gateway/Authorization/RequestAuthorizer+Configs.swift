import Authorization
import KafkaProtocol

/// DescribeConfigs, AlterConfigs and IncrementalAlterConfigs, per resource:
/// a topic's configs need the operation on the topic, a broker's (and its
/// loggers' and client metrics') on the cluster, a group's on the group.
extension RequestAuthorizer {
    /// Kafka's config resource types (`ConfigResource.Type`).
    private enum ConfigResourceType: Int8 {
        case topic = 2
        case broker = 4
        case brokerLogger = 8
        case clientMetrics = 16
        case group = 32
    }

    /// Whether `operation` is allowed on a config resource, and the error when not.
    private mutating func allows(_ operation: AclOperation, configResource type: Int8, name: String) -> KafkaErrorCode? {
        switch ConfigResourceType(rawValue: type) {
        case .topic: access.allows(operation, topic: name) ? nil : .topicAuthorizationFailed
        case .broker, .brokerLogger, .clientMetrics: access.allowsOnCluster(operation) ? nil : .clusterAuthorizationFailed
        case .group: access.allows(operation, group: name) ? nil : .groupAuthorizationFailed
        case nil: .invalidRequest
        }
    }

    mutating func describeConfigs(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .describeConfigs(var describe) = request.body else { return refusing(request.body, .invalidRequest) }
        var denied: [(KafkaRequestBody, KafkaErrorCode)] = []
        describe.resources = describe.resources.filter { resource in
            guard let error = allows(.describeConfigs, configResource: resource.resourceType, name: resource.resourceName) else { return true }
            denied.append((.describeConfigs(DescribeConfigsRequest(resources: [resource])), error))
            return false
        }
        return partial(forwarding: .describeConfigs(describe), anythingAllowed: !describe.resources.isEmpty, denied: denied)
    }

    mutating func alterConfigs(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .alterConfigs(var alter) = request.body else { return refusing(request.body, .invalidRequest) }
        var denied: [(KafkaRequestBody, KafkaErrorCode)] = []
        alter.resources = alter.resources.filter { resource in
            guard let error = allows(.alterConfigs, configResource: resource.resourceType, name: resource.resourceName) else { return true }
            denied.append((.alterConfigs(AlterConfigsRequest(resources: [resource])), error))
            return false
        }
        return partial(forwarding: .alterConfigs(alter), anythingAllowed: !alter.resources.isEmpty, denied: denied)
    }

    mutating func incrementalAlterConfigs(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .incrementalAlterConfigs(var alter) = request.body else { return refusing(request.body, .invalidRequest) }
        var denied: [(KafkaRequestBody, KafkaErrorCode)] = []
        alter.resources = alter.resources.filter { resource in
            guard let error = allows(.alterConfigs, configResource: resource.resourceType, name: resource.resourceName) else { return true }
            denied.append((.incrementalAlterConfigs(IncrementalAlterConfigsRequest(resources: [resource])), error))
            return false
        }
        return partial(forwarding: .incrementalAlterConfigs(alter), anythingAllowed: !alter.resources.isEmpty, denied: denied)
    }
}
