import KafkaProtocol

/// The APIs the embedded broker implements, with the versions it serves.
/// ApiVersions advertises exactly this table; anything else is refused.
enum SupportedApis {
    static let versions: [KafkaApiKey: ClosedRange<Int16>] = [
        // Message format v2 (record batches) only: Produce v3+, Fetch v4+.
        .produce: 3...11,
        .fetch: 4...17,
        // v0 has the pre-0.10.1 offsets array.
        .listOffsets: 1...10,
        .metadata: 0...12,
        .offsetCommit: 0...9,
        .offsetFetch: 0...9,
        .findCoordinator: 0...6,
        .joinGroup: 0...9,
        .heartbeat: 0...4,
        .leaveGroup: 0...5,
        .syncGroup: 0...5,
        .describeGroups: 0...5,
        .listGroups: 0...5,
        .apiVersions: 0...4,
        .createTopics: 0...7,
        .deleteTopics: 0...6,
        .initProducerId: 0...5,
        .describeConfigs: 0...4,
        .describeLogDirs: 0...4,
        .deleteGroups: 0...2,
        .createPartitions: 0...3,
        .describeCluster: 0...1,
    ]

    static func supports(_ api: KafkaApiKey, version: Int16) -> Bool {
        versions[api]?.contains(version) ?? false
    }

    /// The table as ApiVersions sends it, in API key order.
    static var advertised: [ApiVersionsResponse.ApiVersion] {
        versions.sorted { $0.key.rawValue < $1.key.rawValue }.map {
            ApiVersionsResponse.ApiVersion(apiKey: $0.key.rawValue, minVersion: $0.value.lowerBound, maxVersion: $0.value.upperBound)
        }
    }
}
