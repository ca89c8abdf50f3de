import Authorization
import KafkaProtocol

/// Metadata: Describe on each topic. Named topics the principal may not
/// Describe are answered TOPIC_AUTHORIZATION_FAILED; a request for all
/// topics shows only those it may Describe (the rest are left out, not
/// denied, as Kafka does). Auto-creation needs Create on the cluster or the
/// topic: when some topic lacks it the request goes without auto-creation,
/// and those of them the upstream does not know come back
/// TOPIC_AUTHORIZATION_FAILED. Versions 0–3 cannot turn auto-creation off,
/// so such a request goes upstream as v4 (the first that can), and its
/// answer comes back in the client's version. The authorized-operations fields are the
/// principal's, computed here; the upstream's would be the gateway's own.
extension RequestAuthorizer {
    mutating func metadata(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .metadata(var metadata) = request.body else { return refusing(request.body, .invalidRequest) }
        let version = request.apiVersion
        // v0 asks for every topic with an empty list, v1+ with a null one.
        let listsAll = metadata.topics == nil || (version == 0 && metadata.topics?.isEmpty == true)
        var denied: [MetadataResponse.MetadataResponseTopic] = []
        var mayNotCreate: Set<String> = []
        var changed = false
        if !listsAll, let topics = metadata.topics {
            var allowed: [MetadataRequest.MetadataRequestTopic] = []
            for topic in topics {
                guard let name = topic.name ?? topicName(of: topic.topicId) else {
                    denied.append(.init(errorCode: KafkaErrorCode.unknownTopicId.rawValue, topicId: topic.topicId, topicAuthorizedOperations: Int32.min))
                    continue
                }
                if access.allows(.describe, topic: name) {
                    allowed.append(topic)
                } else {
                    denied.append(.init(
                        errorCode: KafkaErrorCode.topicAuthorizationFailed.rawValue, name: name, topicId: topic.topicId,
                        topicAuthorizedOperations: Int32.min
                    ))
                }
            }
            let autoCreates = version < Self.metadataAutoCreationFlagVersion || metadata.allowAutoTopicCreation
            if autoCreates, !allowed.isEmpty, !access.allowsOnCluster(.create, logIfDenied: false) {
                mayNotCreate = Set(allowed.compactMap { $0.name }.filter { !access.allows(.create, topic: $0, logIfDenied: false) })
                if !mayNotCreate.isEmpty { metadata.allowAutoTopicCreation = false }
            }
            if allowed.isEmpty, version == 0 {
                // v0 cannot ask for no topic: an empty list means all of them.
                return .answer(.metadata(MetadataResponse(topics: denied)))
            }
            changed = allowed.count != topics.count || !metadata.allowAutoTopicCreation && autoCreates
            metadata.topics = allowed
        }
        let includeTopicOperations = version >= 8 && metadata.includeTopicAuthorizedOperations
        let includeClusterOperations = (8...10).contains(version) && metadata.includeClusterAuthorizedOperations
        let amend = amendment { body, access in
            guard case .metadata(var response) = body else { return }
            if listsAll {
                response.topics = response.topics.filter { topic in
                    topic.name.map { access.allows(.describe, ResourceName(.topic, $0), logIfDenied: false) } ?? false
                }
            }
            for index in response.topics.indices {
                let topic = response.topics[index]
                if let name = topic.name, mayNotCreate.contains(name), topic.errorCode == KafkaErrorCode.unknownTopicOrPartition.rawValue {
                    response.topics[index].errorCode = KafkaErrorCode.topicAuthorizationFailed.rawValue
                }
                response.topics[index].topicAuthorizedOperations = includeTopicOperations
                    ? topic.name.map { access.authorizedOperations(ResourceName(.topic, $0)) } ?? Int32.min : Int32.min
            }
            response.topics += denied
            response.clusterAuthorizedOperations = includeClusterOperations ? access.authorizedOperations(.cluster) : Int32.min
            body = .metadata(response)
        }
        if !mayNotCreate.isEmpty, version < Self.metadataAutoCreationFlagVersion {
            return .forwardAs(version: Self.metadataAutoCreationFlagVersion, body: .metadata(metadata), amendment: amend)
        }
        return .forward(body: changed ? .metadata(metadata) : nil, amendment: amend)
    }

    /// The first Metadata version in which a client can ask for no auto-creation.
    static let metadataAutoCreationFlagVersion: Int16 = 4
}
