import KafkaProtocol

/// Routes each decoded request to the code that answers it. Returns nil when
/// the request takes no response (acks=0 produce).
struct RequestHandlers: Sendable {
    let cluster: ClusterHandlers
    let groups: GroupHandlers
    let coordinator: GroupCoordinator
    let produce: ProduceHandler
    let fetch: FetchHandler
    let listOffsets: ListOffsetsHandler
    let producerIds: ProducerIdHandler
    let configs: DescribeConfigsHandler
    let logDirs: DescribeLogDirsHandler

    func handle(_ request: KafkaRequestFrame, connection: ConnectionContext) async -> KafkaResponseBody? {
        let version = request.apiVersion
        switch request.body {
        case .apiVersions:
            return .apiVersions(ApiVersionsResponse(apiKeys: SupportedApis.advertised))
        case .metadata(let body):
            return .metadata(await cluster.metadata(body, version: version, advertised: connection.advertised))
        case .describeCluster(let body):
            return .describeCluster(cluster.describeCluster(body, advertised: connection.advertised))
        case .findCoordinator(let body):
            return .findCoordinator(cluster.findCoordinator(body, version: version, advertised: connection.advertised))
        case .createTopics(let body):
            return .createTopics(await cluster.createTopics(body))
        case .deleteTopics(let body):
            return .deleteTopics(await cluster.deleteTopics(body, version: version))
        case .createPartitions(let body):
            return .createPartitions(await cluster.createPartitions(body))
        case .produce(let body):
            let response = await produce.produce(body)
            return body.acks == 0 ? nil : .produce(response)
        case .fetch(let body):
            return .fetch(await fetch.fetch(body, version: version))
        case .listOffsets(let body):
            return .listOffsets(await listOffsets.listOffsets(body))
        case .initProducerId(let body):
            return .initProducerId(await producerIds.initProducerId(body))
        case .describeConfigs(let body):
            return .describeConfigs(await configs.describeConfigs(body))
        case .describeLogDirs(let body):
            return .describeLogDirs(await logDirs.describeLogDirs(body))
        case .joinGroup(let body):
            return .joinGroup(await coordinator.join(body, version: version, clientId: request.header.clientId ?? "", clientHost: connection.clientHost))
        case .syncGroup(let body):
            return .syncGroup(await coordinator.sync(body))
        case .heartbeat(let body):
            return .heartbeat(await coordinator.heartbeat(body))
        case .leaveGroup(let body):
            return .leaveGroup(await coordinator.leave(body, version: version))
        case .offsetCommit(let body):
            return .offsetCommit(await groups.offsetCommit(body))
        case .offsetFetch(let body):
            return .offsetFetch(await groups.offsetFetch(body, version: version))
        case .listGroups(let body):
            return .listGroups(await coordinator.listGroups(body))
        case .describeGroups(let body):
            return .describeGroups(await coordinator.describeGroups(body))
        case .deleteGroups(let body):
            return .deleteGroups(await coordinator.deleteGroups(body))
        default:
            return KafkaResponseBody.refusal(apiKey: request.apiKey, errorCode: KafkaErrorCode.unsupportedVersion.rawValue)
        }
    }
}
