import KafkaProtocol

/// The client APIs the gateway will decode, authorize and forward, with the
/// highest version of each it forwards. ApiVersions, SaslHandshake and
/// SaslAuthenticate are answered by the gateway itself and are not here.
///
/// Deliberately left out: APIs whose answers would describe or change the
/// upstream's own security (ACLs, SCRAM credentials, delegation tokens,
/// quotas), expose its internals (log dirs, quorum, features, reassignments,
/// leader election, telemetry), and the early-access share-group APIs. They
/// get UNSUPPORTED_VERSION, as an API a broker lacks would.
enum ForwardedApis {
    static let maximumVersions: [KafkaApiKey: Int16] = [
        // Produce v10+ and Fetch v16+ carry leader endpoints (KIP-951) with
        // upstream host:port pairs; the versions below them never do.
        .produce: 9,
        .fetch: 15,
        .listOffsets: KafkaApiKey.listOffsets.validVersions.upperBound,
        .metadata: KafkaApiKey.metadata.validVersions.upperBound,
        .offsetCommit: KafkaApiKey.offsetCommit.validVersions.upperBound,
        .offsetFetch: KafkaApiKey.offsetFetch.validVersions.upperBound,
        .findCoordinator: KafkaApiKey.findCoordinator.validVersions.upperBound,
        .joinGroup: KafkaApiKey.joinGroup.validVersions.upperBound,
        .heartbeat: KafkaApiKey.heartbeat.validVersions.upperBound,
        .leaveGroup: KafkaApiKey.leaveGroup.validVersions.upperBound,
        .syncGroup: KafkaApiKey.syncGroup.validVersions.upperBound,
        .describeGroups: KafkaApiKey.describeGroups.validVersions.upperBound,
        .listGroups: KafkaApiKey.listGroups.validVersions.upperBound,
        .createTopics: KafkaApiKey.createTopics.validVersions.upperBound,
        .deleteTopics: KafkaApiKey.deleteTopics.validVersions.upperBound,
        .deleteRecords: KafkaApiKey.deleteRecords.validVersions.upperBound,
        .initProducerId: KafkaApiKey.initProducerId.validVersions.upperBound,
        .offsetForLeaderEpoch: KafkaApiKey.offsetForLeaderEpoch.validVersions.upperBound,
        .addPartitionsToTxn: KafkaApiKey.addPartitionsToTxn.validVersions.upperBound,
        .addOffsetsToTxn: KafkaApiKey.addOffsetsToTxn.validVersions.upperBound,
        .endTxn: KafkaApiKey.endTxn.validVersions.upperBound,
        .txnOffsetCommit: KafkaApiKey.txnOffsetCommit.validVersions.upperBound,
        .describeConfigs: KafkaApiKey.describeConfigs.validVersions.upperBound,
        .alterConfigs: KafkaApiKey.alterConfigs.validVersions.upperBound,
        .incrementalAlterConfigs: KafkaApiKey.incrementalAlterConfigs.validVersions.upperBound,
        .createPartitions: KafkaApiKey.createPartitions.validVersions.upperBound,
        .deleteGroups: KafkaApiKey.deleteGroups.validVersions.upperBound,
        .offsetDelete: KafkaApiKey.offsetDelete.validVersions.upperBound,
        .describeCluster: KafkaApiKey.describeCluster.validVersions.upperBound,
        .describeProducers: KafkaApiKey.describeProducers.validVersions.upperBound,
        .describeTransactions: KafkaApiKey.describeTransactions.validVersions.upperBound,
        .listTransactions: KafkaApiKey.listTransactions.validVersions.upperBound,
    ]
}
