import KafkaProtocol

// ApiVersions, Metadata, FindCoordinator, DescribeCluster and telemetry:
// one broker, node 1, on the server's own address.
extension CaptureResponder {
    func apiVersions() -> ApiVersionsResponse {
        ApiVersionsResponse(
            errorCode: KafkaErrorCode.none.rawValue,
            apiKeys: AdvertisedApiVersions.table(apiVersionsMaxVersion: cluster.apiVersionsMaxVersion)
        )
    }

    /// Kafka's answer to an ApiVersions request newer than the broker knows:
    /// v0, UNSUPPORTED_VERSION, and the ApiVersions versions it does know, so
    /// that the client retries with the highest of them.
    func unsupportedApiVersions() -> ApiVersionsResponse {
        let versions = KafkaApiKey.apiVersions.validVersions
        return ApiVersionsResponse(
            errorCode: KafkaErrorCode.unsupportedVersion.rawValue,
            apiKeys: [
                .init(
                    apiKey: KafkaApiKey.apiVersions.rawValue,
                    minVersion: versions.lowerBound,
                    maxVersion: min(versions.upperBound, cluster.apiVersionsMaxVersion)
                )
            ]
        )
    }

    func metadata(_ request: MetadataRequest, version: Int16) -> MetadataResponse {
        // v0 has no null: an empty list asks for every topic there.
        let everyTopic = request.topics == nil || (version == 0 && request.topics?.isEmpty == true)
        var topics: [MetadataResponse.MetadataResponseTopic] = []
        if everyTopic {
            topics = [metadataTopic(named: CapturedCluster.topic)]
        } else {
            for requested in request.topics ?? [] {
                if let name = requested.name ?? log.topicName(for: requested.topicId) {
                    // Every named topic exists: this also answers auto-creation.
                    topics.append(metadataTopic(named: name))
                } else {
                    topics.append(.init(errorCode: KafkaErrorCode.unknownTopicId.rawValue, topicId: requested.topicId))
                }
            }
        }
        return MetadataResponse(
            brokers: [.init(nodeId: CapturedCluster.nodeId, host: cluster.host, port: cluster.port)],
            clusterId: CapturedCluster.clusterId,
            controllerId: CapturedCluster.nodeId,
            topics: topics
        )
    }

    private func metadataTopic(named name: String) -> MetadataResponse.MetadataResponseTopic {
        MetadataResponse.MetadataResponseTopic(
            name: name,
            topicId: log.topicId(for: name),
            partitions: [
                .init(
                    partitionIndex: 0,
                    leaderId: CapturedCluster.nodeId,
                    leaderEpoch: 0,
                    replicaNodes: [CapturedCluster.nodeId],
                    isrNodes: [CapturedCluster.nodeId]
                )
            ]
        )
    }

    func findCoordinator(_ request: FindCoordinatorRequest, version: Int16) -> FindCoordinatorResponse {
        // v4 batched the keys; before it, one key and one answer.
        if version >= 4 {
            return FindCoordinatorResponse(
                coordinators: request.coordinatorKeys.map {
                    .init(key: $0, nodeId: CapturedCluster.nodeId, host: cluster.host, port: cluster.port)
                }
            )
        }
        return FindCoordinatorResponse(nodeId: CapturedCluster.nodeId, host: cluster.host, port: cluster.port)
    }

    func describeCluster() -> DescribeClusterResponse {
        DescribeClusterResponse(
            clusterId: CapturedCluster.clusterId,
            controllerId: CapturedCluster.nodeId,
            brokers: [.init(brokerId: CapturedCluster.nodeId, host: cluster.host, port: cluster.port)]
        )
    }

    /// A subscription that asks for no metrics, so clients never push any.
    func telemetrySubscriptions(_ request: GetTelemetrySubscriptionsRequest) -> GetTelemetrySubscriptionsResponse {
        let instance = request.clientInstanceId == .zero
            ? KafkaUUID(mostSignificantBits: 0x706f_7274_6375_6c6c, leastSignificantBits: UInt64(connection))
            : request.clientInstanceId
        return GetTelemetrySubscriptionsResponse(
            clientInstanceId: instance,
            subscriptionId: 1,
            acceptedCompressionTypes: [0],
            pushIntervalMs: 300_000,
            telemetryMaxBytes: 1 << 20,
            deltaTemporality: true,
            requestedMetrics: []
        )
    }
}
