import Authorization
import KafkaProtocol

/// Authorizes one request the way Apache Kafka's broker does (`KafkaApis`):
/// the table has a row per forwarded API, each naming the operations and
/// resources the request needs. A request touching allowed and denied
/// resources goes upstream with only the allowed part, the denied part is
/// answered with the authorization error in the response's own shape, and a
/// request with nothing allowed never reaches the upstream. An API without
/// a row is refused (fail closed).
struct RequestAuthorizer {
    var access: RequestAccess
    let topicNames: TopicNames
    /// Whether a topic id the gateway has not seen may be looked up upstream
    /// first (`.resolveTopicIds`); once looked up, one still unknown is answered UNKNOWN_TOPIC_ID.
    let resolvesUnknownIds: Bool
    private var unknownIds: Set<KafkaUUID> = []

    init(access: RequestAccess, topicNames: TopicNames, resolvesUnknownIds: Bool = true) {
        self.access = access
        self.topicNames = topicNames
        self.resolvesUnknownIds = resolvesUnknownIds
    }

    typealias Row = @Sendable (inout RequestAuthorizer, KafkaRequestFrame) -> RequestVerdict

    /// Every API `ForwardedApis` may forward, and every one the gateway
    /// administers itself, has a row (a test holds it to that).
    static let rows: [KafkaApiKey: Row] = [
        .produce: { $0.produce($1) },
        .fetch: { $0.fetch($1) },
        .listOffsets: { $0.listOffsets($1) },
        .metadata: { $0.metadata($1) },
        .offsetCommit: { $0.offsetCommit($1) },
        .offsetFetch: { $0.offsetFetch($1) },
        .findCoordinator: { $0.findCoordinator($1) },
        .joinGroup: { $0.groupMembership($1) },
        .heartbeat: { $0.groupMembership($1) },
        .leaveGroup: { $0.groupMembership($1) },
        .syncGroup: { $0.groupMembership($1) },
        .describeGroups: { $0.describeGroups($1) },
        .listGroups: { $0.listGroups($1) },
        .createTopics: { $0.createTopics($1) },
        .deleteTopics: { $0.deleteTopics($1) },
        .deleteRecords: { $0.deleteRecords($1) },
        .initProducerId: { $0.initProducerId($1) },
        .offsetForLeaderEpoch: { $0.offsetForLeaderEpoch($1) },
        .addPartitionsToTxn: { $0.addPartitionsToTxn($1) },
        .addOffsetsToTxn: { $0.addOffsetsToTxn($1) },
        .endTxn: { $0.endTxn($1) },
        .txnOffsetCommit: { $0.txnOffsetCommit($1) },
        .describeConfigs: { $0.describeConfigs($1) },
        .alterConfigs: { $0.alterConfigs($1) },
        .incrementalAlterConfigs: { $0.incrementalAlterConfigs($1) },
        .createPartitions: { $0.createPartitions($1) },
        .deleteGroups: { $0.deleteGroups($1) },
        .offsetDelete: { $0.offsetDelete($1) },
        .describeCluster: { $0.describeCluster($1) },
        .describeProducers: { $0.describeProducers($1) },
        .describeTransactions: { $0.describeTransactions($1) },
        .listTransactions: { $0.listTransactions($1) },
        .createAcls: { $0.administration($1, needs: .alter) },
        .deleteAcls: { $0.administration($1, needs: .alter) },
        .describeAcls: { $0.administration($1, needs: .describe) },
        .alterUserScramCredentials: { $0.administration($1, needs: .alter) },
        .describeUserScramCredentials: { $0.administration($1, needs: .describe) },
        // Kafka asks AlterConfigs / DescribeConfigs on the cluster for client quotas (KafkaApis, ControllerApis).
        .alterClientQuotas: { $0.administration($1, needs: .alterConfigs) },
        .describeClientQuotas: { $0.administration($1, needs: .describeConfigs) },
    ]

    mutating func authorize(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard let row = Self.rows[request.apiKey] else { return refusing(request.body, .clusterAuthorizationFailed) }
        let verdict = row(&self, request)
        guard resolvesUnknownIds, !unknownIds.isEmpty else { return verdict }
        // Decided again once the names are known: nothing of this pass counts.
        access.forgetDecisions()
        return .resolveTopicIds(unknownIds)
    }

    /// The name of a topic the request names by id, if the gateway knows it.
    mutating func topicName(of id: KafkaUUID) -> String? {
        if let name = topicNames.name(of: id) { return name }
        unknownIds.insert(id)
        return nil
    }

    /// The policy store's own APIs (ACLs, SCRAM credentials, client quotas): the
    /// cluster operation Kafka asks for each; the gateway answers them.
    mutating func administration(_ request: KafkaRequestFrame, needs operation: AclOperation) -> RequestVerdict {
        access.allowsOnCluster(operation) ? .administer : refusing(request.body, .clusterAuthorizationFailed)
    }

    // MARK: Shared shapes

    func refusing(_ body: KafkaRequestBody, _ error: KafkaErrorCode) -> RequestVerdict {
        .answer(.refusal(of: body, errorCode: error.rawValue))
    }

    /// Forwards `allowed` with the answers for the denied parts merged into
    /// the response, or answers alone when nothing is allowed; the request
    /// goes as it came when nothing was denied.
    func partial(forwarding allowed: KafkaRequestBody, anythingAllowed: Bool, denied: [(KafkaRequestBody, KafkaErrorCode)]) -> RequestVerdict {
        let answers = denied.map { KafkaResponseBody.refusal(of: $0.0, errorCode: $0.1.rawValue) }
        guard var merged = answers.first else { return .unchanged }
        for answer in answers.dropFirst() { merged.absorbResources(of: answer) }
        guard anythingAllowed else {
            // Every resource has its own error; the request as a whole did not fail.
            merged.clearTopLevelError()
            return .answer(merged)
        }
        return .forward(body: allowed, amendment: .merging(merged))
    }

    /// A response change that may ask more questions of this session's access.
    func amendment(_ change: @escaping (inout KafkaResponseBody, inout RequestAccess) -> Void) -> ResponseAmendment {
        let access = self.access
        return ResponseAmendment { response in
            var asking = access
            asking.forgetDecisions()
            change(&response, &asking)
            return asking.decisions
        }
    }
}

extension Array {
    /// The elements `isAllowed` accepts and those it refuses, each in order.
    func split(_ isAllowed: (Element) -> Bool) -> (allowed: [Element], denied: [Element]) {
        var allowed: [Element] = []
        var denied: [Element] = []
        for element in self {
            if isAllowed(element) { allowed.append(element) } else { denied.append(element) }
        }
        return (allowed, denied)
    }
}
