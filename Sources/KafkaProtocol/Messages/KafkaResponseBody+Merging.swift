/// Joining two answers to parts of one request: a gateway that forwards only
/// the part of a request it allows answers the rest itself, and the client
/// must get one response naming every resource it asked about, as a broker
/// that refused part of the request would send.
extension KafkaResponseBody {
    /// Appends the per-resource results of `other` (same API) to this
    /// response's; top-level fields stay this response's. A response of
    /// another API, or of an API without per-resource results, changes nothing.
    public mutating func absorbResources(of other: KafkaResponseBody) {
        switch (self, other) {
        case (.produce(var mine), .produce(let theirs)):
            mine.responses += theirs.responses
            self = .produce(mine)
        case (.fetch(var mine), .fetch(let theirs)):
            mine.responses += theirs.responses
            self = .fetch(mine)
        case (.listOffsets(var mine), .listOffsets(let theirs)):
            mine.topics += theirs.topics
            self = .listOffsets(mine)
        case (.metadata(var mine), .metadata(let theirs)):
            mine.topics += theirs.topics
            self = .metadata(mine)
        case (.offsetCommit(var mine), .offsetCommit(let theirs)):
            mine.topics += theirs.topics
            self = .offsetCommit(mine)
        case (.offsetFetch(var mine), .offsetFetch(let theirs)):
            mine.topics += theirs.topics
            mine.groups += theirs.groups
            self = .offsetFetch(mine)
        case (.findCoordinator(var mine), .findCoordinator(let theirs)):
            mine.coordinators += theirs.coordinators
            self = .findCoordinator(mine)
        case (.describeGroups(var mine), .describeGroups(let theirs)):
            mine.groups += theirs.groups
            self = .describeGroups(mine)
        case (.createTopics(var mine), .createTopics(let theirs)):
            mine.topics += theirs.topics
            self = .createTopics(mine)
        case (.deleteTopics(var mine), .deleteTopics(let theirs)):
            mine.responses += theirs.responses
            self = .deleteTopics(mine)
        case (.deleteRecords(var mine), .deleteRecords(let theirs)):
            mine.topics += theirs.topics
            self = .deleteRecords(mine)
        case (.offsetForLeaderEpoch(var mine), .offsetForLeaderEpoch(let theirs)):
            mine.topics += theirs.topics
            self = .offsetForLeaderEpoch(mine)
        case (.txnOffsetCommit(var mine), .txnOffsetCommit(let theirs)):
            mine.topics += theirs.topics
            self = .txnOffsetCommit(mine)
        case (.describeConfigs(var mine), .describeConfigs(let theirs)):
            mine.results += theirs.results
            self = .describeConfigs(mine)
        case (.alterConfigs(var mine), .alterConfigs(let theirs)):
            mine.responses += theirs.responses
            self = .alterConfigs(mine)
        case (.incrementalAlterConfigs(var mine), .incrementalAlterConfigs(let theirs)):
            mine.responses += theirs.responses
            self = .incrementalAlterConfigs(mine)
        case (.createPartitions(var mine), .createPartitions(let theirs)):
            mine.results += theirs.results
            self = .createPartitions(mine)
        case (.deleteGroups(var mine), .deleteGroups(let theirs)):
            mine.results += theirs.results
            self = .deleteGroups(mine)
        case (.offsetDelete(var mine), .offsetDelete(let theirs)):
            mine.topics += theirs.topics
            self = .offsetDelete(mine)
        case (.describeProducers(var mine), .describeProducers(let theirs)):
            mine.topics += theirs.topics
            self = .describeProducers(mine)
        case (.describeTransactions(var mine), .describeTransactions(let theirs)):
            mine.transactionStates += theirs.transactionStates
            self = .describeTransactions(mine)
        case (.addPartitionsToTxn(var mine), .addPartitionsToTxn(let theirs)):
            mine.resultsByTopicV3AndBelow += theirs.resultsByTopicV3AndBelow
            mine.resultsByTransaction += theirs.resultsByTransaction
            self = .addPartitionsToTxn(mine)
        default:
            break
        }
    }

    /// Sets the top-level error of the APIs that have one beside per-resource
    /// errors to NONE: for an answer whose resources each carry their own.
    public mutating func clearTopLevelError() {
        let none = KafkaErrorCode.none.rawValue
        switch self {
        case .fetch(var response):
            response.errorCode = none
            self = .fetch(response)
        case .offsetFetch(var response):
            response.errorCode = none
            self = .offsetFetch(response)
        case .offsetDelete(var response):
            response.errorCode = none
            self = .offsetDelete(response)
        case .findCoordinator(var response):
            response.errorCode = none
            self = .findCoordinator(response)
        case .addPartitionsToTxn(var response):
            response.errorCode = none
            self = .addPartitionsToTxn(response)
        default:
            break
        }
    }
}
