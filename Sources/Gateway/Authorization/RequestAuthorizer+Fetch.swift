import Authorization
import KafkaProtocol

/// Fetch: Read on each topic for a consumer, ClusterAction for a replica.
/// v13+ names topics by id (see `TopicNames`). Fetch sessions are not let
/// open: a session's later requests list only the partitions that changed,
/// so the gateway would stop seeing, and authorizing, the others. A request
/// that would create one (epoch 0) goes as a full fetch without a session
/// (epoch -1, KIP-227's sessionless fetch); the broker answers with session
/// id 0 and the client keeps sending full requests.
extension RequestAuthorizer {
    mutating func fetch(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .fetch(var fetch) = request.body else { return refusing(request.body, .invalidRequest) }
        if fetch.replicaId >= 0 || fetch.replicaState.replicaId >= 0 {
            return access.allowsOnCluster(.clusterAction) ? .unchanged : refusing(request.body, .topicAuthorizationFailed)
        }
        if fetch.sessionId != 0 || fetch.sessionEpoch > 0 {
            // Only a session this gateway let open could be continued, and it opens none.
            return .answer(.fetch(FetchResponse(errorCode: KafkaErrorCode.fetchSessionIdNotFound.rawValue)))
        }
        let usesIds = request.apiVersion >= 13
        var unknown: [FetchRequest.FetchTopic] = []
        var denied: [FetchRequest.FetchTopic] = []
        var allowed: [FetchRequest.FetchTopic] = []
        for topic in fetch.topics {
            guard let name = usesIds ? topicName(of: topic.topicId) : topic.topic else {
                unknown.append(topic)
                continue
            }
            if access.allows(.read, topic: name) { allowed.append(topic) } else { denied.append(topic) }
        }
        let opensSession = request.apiVersion >= 7 && fetch.sessionEpoch == 0
        if denied.isEmpty, unknown.isEmpty, !opensSession { return .unchanged }
        fetch.topics = allowed
        if opensSession { fetch.sessionEpoch = -1 }
        var deniedParts: [(KafkaRequestBody, KafkaErrorCode)] = []
        if !denied.isEmpty { deniedParts.append((.fetch(FetchRequest(topics: denied)), .topicAuthorizationFailed)) }
        if !unknown.isEmpty { deniedParts.append((.fetch(FetchRequest(topics: unknown)), .unknownTopicId)) }
        if deniedParts.isEmpty { return .forward(body: .fetch(fetch), amendment: nil) }
        return partial(forwarding: .fetch(fetch), anythingAllowed: !allowed.isEmpty, denied: deniedParts)
    }

    /// ListOffsets: Describe on each topic.
    mutating func listOffsets(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .listOffsets(var list) = request.body else { return refusing(request.body, .invalidRequest) }
        let (allowed, denied) = list.topics.split { access.allows(.describe, topic: $0.name) }
        list.topics = allowed
        return partial(forwarding: .listOffsets(list), anythingAllowed: !allowed.isEmpty, denied: denied.isEmpty ? [] : [
            (.listOffsets(ListOffsetsRequest(topics: denied)), .topicAuthorizationFailed),
        ])
    }

    /// OffsetForLeaderEpoch: Describe on each topic for a consumer, ClusterAction for a replica.
    mutating func offsetForLeaderEpoch(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .offsetForLeaderEpoch(var offsets) = request.body else { return refusing(request.body, .invalidRequest) }
        if request.apiVersion >= 3, offsets.replicaId >= 0 {
            return access.allowsOnCluster(.clusterAction) ? .unchanged : refusing(request.body, .clusterAuthorizationFailed)
        }
        let (allowed, denied) = offsets.topics.split { access.allows(.describe, topic: $0.topic) }
        offsets.topics = allowed
        return partial(forwarding: .offsetForLeaderEpoch(offsets), anythingAllowed: !allowed.isEmpty, denied: denied.isEmpty ? [] : [
            (.offsetForLeaderEpoch(OffsetForLeaderEpochRequest(topics: denied)), .topicAuthorizationFailed),
        ])
    }

    /// DeleteRecords: Delete on each topic.
    mutating func deleteRecords(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .deleteRecords(var delete) = request.body else { return refusing(request.body, .invalidRequest) }
        let (allowed, denied) = delete.topics.split { access.allows(.delete, topic: $0.name) }
        delete.topics = allowed
        return partial(forwarding: .deleteRecords(delete), anythingAllowed: !allowed.isEmpty, denied: denied.isEmpty ? [] : [
            (.deleteRecords(DeleteRecordsRequest(topics: denied)), .topicAuthorizationFailed),
        ])
    }

    /// DescribeProducers: Read on each topic.
    mutating func describeProducers(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .describeProducers(var describe) = request.body else { return refusing(request.body, .invalidRequest) }
        let (allowed, denied) = describe.topics.split { access.allows(.read, topic: $0.name) }
        describe.topics = allowed
        return partial(forwarding: .describeProducers(describe), anythingAllowed: !allowed.isEmpty, denied: denied.isEmpty ? [] : [
            (.describeProducers(DescribeProducersRequest(topics: denied)), .topicAuthorizationFailed),
        ])
    }
}
