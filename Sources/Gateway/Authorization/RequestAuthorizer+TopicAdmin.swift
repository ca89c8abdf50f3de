import Authorization
import KafkaProtocol

/// Creating, deleting and growing topics.
extension RequestAuthorizer {
    /// CreateTopics: Create on the cluster or on each topic. A created
    /// topic's configs are shown (v5+) only with DescribeConfigs on it.
    mutating func createTopics(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .createTopics(var create) = request.body else { return refusing(request.body, .invalidRequest) }
        let onCluster = access.allowsOnCluster(.create, logIfDenied: false)
        let (allowed, denied) = create.topics.split { onCluster || access.allows(.create, topic: $0.name) }
        create.topics = allowed
        let verdict = partial(forwarding: .createTopics(create), anythingAllowed: !allowed.isEmpty, denied: denied.isEmpty ? [] : [
            (.createTopics(CreateTopicsRequest(topics: denied)), .topicAuthorizationFailed),
        ])
        guard request.apiVersion >= 5 else { return verdict }
        return verdict.amended(by: amendment { body, access in
            guard case .createTopics(var response) = body else { return }
            for index in response.topics.indices where response.topics[index].errorCode == KafkaErrorCode.none.rawValue {
                if !access.allows(.describeConfigs, ResourceName(.topic, response.topics[index].name)) {
                    response.topics[index].configs = nil
                    response.topics[index].topicConfigErrorCode = KafkaErrorCode.topicAuthorizationFailed.rawValue
                }
            }
            body = .createTopics(response)
        })
    }

    /// DeleteTopics: Delete on each topic; v6 may name topics by id.
    mutating func deleteTopics(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .deleteTopics(var delete) = request.body else { return refusing(request.body, .invalidRequest) }
        let (allowedNames, deniedNames) = delete.topicNames.split { access.allows(.delete, topic: $0) }
        var allowedStates: [DeleteTopicsRequest.DeleteTopicState] = []
        var deniedStates: [DeleteTopicsRequest.DeleteTopicState] = []
        var unknownIds: [DeleteTopicsRequest.DeleteTopicState] = []
        for state in delete.topics {
            guard let name = state.name ?? topicName(of: state.topicId) else {
                unknownIds.append(state)
                continue
            }
            if access.allows(.delete, topic: name) { allowedStates.append(state) } else { deniedStates.append(state) }
        }
        delete.topicNames = allowedNames
        delete.topics = allowedStates
        var deniedParts: [(KafkaRequestBody, KafkaErrorCode)] = []
        if !deniedNames.isEmpty || !deniedStates.isEmpty {
            deniedParts.append((.deleteTopics(DeleteTopicsRequest(topics: deniedStates, topicNames: deniedNames)), .topicAuthorizationFailed))
        }
        if !unknownIds.isEmpty { deniedParts.append((.deleteTopics(DeleteTopicsRequest(topics: unknownIds)), .unknownTopicId)) }
        return partial(
            forwarding: .deleteTopics(delete), anythingAllowed: !allowedNames.isEmpty || !allowedStates.isEmpty, denied: deniedParts
        )
    }

    /// CreatePartitions: Alter on each topic.
    mutating func createPartitions(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .createPartitions(var create) = request.body else { return refusing(request.body, .invalidRequest) }
        let (allowed, denied) = create.topics.split { access.allows(.alter, topic: $0.name) }
        create.topics = allowed
        return partial(forwarding: .createPartitions(create), anythingAllowed: !allowed.isEmpty, denied: denied.isEmpty ? [] : [
            (.createPartitions(CreatePartitionsRequest(topics: denied)), .topicAuthorizationFailed),
        ])
    }

    /// DescribeCluster: open to every principal, as in Kafka; its authorized
    /// operations are the principal's, and need Describe on the cluster.
    mutating func describeCluster(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .describeCluster(let describe) = request.body else { return refusing(request.body, .invalidRequest) }
        let include = describe.includeClusterAuthorizedOperations
        return .forward(body: nil, amendment: amendment { body, access in
            guard case .describeCluster(var response) = body else { return }
            response.clusterAuthorizedOperations =
                include && access.allowsOnCluster(.describe) ? access.authorizedOperations(.cluster) : Int32.min
            body = .describeCluster(response)
        })
    }
}
