/// Refusals for the APIs whose responses report per group, topic, partition,
/// config resource or transactional id: each one the request named gets the
/// error (and the top-level error is set where the API has one), so the same
/// answer serves a whole refusal and the denied part of a request.
extension KafkaResponseBody {
    static func perResourceRefusal(of request: KafkaRequestBody, errorCode: Int16) -> KafkaResponseBody? {
        switch request {
        case .offsetFetch(let fetch):
            return .offsetFetch(OffsetFetchResponse(
                topics: (fetch.topics ?? []).map { topic in
                    .init(name: topic.name, partitions: topic.partitionIndexes.map {
                        .init(partitionIndex: $0, committedOffset: -1, committedLeaderEpoch: -1, metadata: "", errorCode: errorCode)
                    })
                },
                errorCode: errorCode,
                groups: fetch.groups.map { group in
                    .init(groupId: group.groupId, topics: (group.topics ?? []).map { topic in
                        .init(name: topic.name, partitions: topic.partitionIndexes.map {
                            .init(partitionIndex: $0, committedOffset: -1, committedLeaderEpoch: -1, metadata: "", errorCode: errorCode)
                        })
                    }, errorCode: errorCode)
                }
            ))
        case .describeGroups(let describe):
            return .describeGroups(DescribeGroupsResponse(groups: describe.groups.map {
                .init(errorCode: errorCode, groupId: $0, groupState: "", protocolType: "", protocolData: "", members: [], authorizedOperations: Int32.min)
            }))
        case .createTopics(let create):
            return .createTopics(CreateTopicsResponse(topics: create.topics.map {
                .init(name: $0.name, errorCode: errorCode, numPartitions: -1, replicationFactor: -1)
            }))
        case .deleteTopics(let delete):
            let named = delete.topicNames.map { DeleteTopicsResponse.DeletableTopicResult(name: $0, errorCode: errorCode) }
            let stated = delete.topics.map { DeleteTopicsResponse.DeletableTopicResult(name: $0.name, topicId: $0.topicId, errorCode: errorCode) }
            return .deleteTopics(DeleteTopicsResponse(responses: named + stated))
        case .deleteRecords(let delete):
            return .deleteRecords(DeleteRecordsResponse(topics: delete.topics.map { topic in
                .init(name: topic.name, partitions: topic.partitions.map { .init(partitionIndex: $0.partitionIndex, lowWatermark: -1, errorCode: errorCode) })
            }))
        case .offsetForLeaderEpoch(let offsets):
            return .offsetForLeaderEpoch(OffsetForLeaderEpochResponse(topics: offsets.topics.map { topic in
                .init(topic: topic.topic, partitions: topic.partitions.map {
                    .init(errorCode: errorCode, partition: $0.partition, leaderEpoch: -1, endOffset: -1)
                })
            }))
        case .txnOffsetCommit(let commit):
            return .txnOffsetCommit(TxnOffsetCommitResponse(topics: commit.topics.map { topic in
                .init(name: topic.name, partitions: topic.partitions.map { .init(partitionIndex: $0.partitionIndex, errorCode: errorCode) })
            }))
        case .describeConfigs(let describe):
            return .describeConfigs(DescribeConfigsResponse(results: describe.resources.map {
                .init(errorCode: errorCode, resourceType: $0.resourceType, resourceName: $0.resourceName, configs: [])
            }))
        case .alterConfigs(let alter):
            return .alterConfigs(AlterConfigsResponse(responses: alter.resources.map {
                .init(errorCode: errorCode, resourceType: $0.resourceType, resourceName: $0.resourceName)
            }))
        case .incrementalAlterConfigs(let alter):
            return .incrementalAlterConfigs(IncrementalAlterConfigsResponse(responses: alter.resources.map {
                .init(errorCode: errorCode, resourceType: $0.resourceType, resourceName: $0.resourceName)
            }))
        case .createPartitions(let create):
            return .createPartitions(CreatePartitionsResponse(results: create.topics.map { .init(name: $0.name, errorCode: errorCode) }))
        case .deleteGroups(let delete):
            return .deleteGroups(DeleteGroupsResponse(results: delete.groupsNames.map { .init(groupId: $0, errorCode: errorCode) }))
        case .offsetDelete(let delete):
            return .offsetDelete(OffsetDeleteResponse(errorCode: errorCode, topics: delete.topics.map { topic in
                .init(name: topic.name, partitions: topic.partitions.map { .init(partitionIndex: $0.partitionIndex, errorCode: errorCode) })
            }))
        case .describeProducers(let describe):
            return .describeProducers(DescribeProducersResponse(topics: describe.topics.map { topic in
                .init(name: topic.name, partitions: topic.partitionIndexes.map { .init(partitionIndex: $0, errorCode: errorCode) })
            }))
        case .describeTransactions(let describe):
            return .describeTransactions(DescribeTransactionsResponse(transactionStates: describe.transactionalIds.map {
                .init(errorCode: errorCode, transactionalId: $0, transactionState: "", transactionStartTimeMs: -1, producerId: -1, producerEpoch: -1)
            }))
        case .addPartitionsToTxn(let add):
            func results(_ topics: [AddPartitionsToTxnRequest.AddPartitionsToTxnTopic]) -> [AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult] {
                topics.map { topic in
                    .init(name: topic.name, resultsByPartition: topic.partitions.map { .init(partitionIndex: $0, partitionErrorCode: errorCode) })
                }
            }
            return .addPartitionsToTxn(AddPartitionsToTxnResponse(
                errorCode: errorCode,
                resultsByTransaction: add.transactions.map { .init(transactionalId: $0.transactionalId, topicResults: results($0.topics)) },
                resultsByTopicV3AndBelow: results(add.v3AndBelowTopics)
            ))
        case .createAcls(let create):
            return .createAcls(CreateAclsResponse(results: create.creations.map { _ in .init(errorCode: errorCode) }))
        case .deleteAcls(let delete):
            return .deleteAcls(DeleteAclsResponse(filterResults: delete.filters.map { _ in .init(errorCode: errorCode) }))
        case .alterUserScramCredentials(let alter):
            let users = (alter.deletions.map(\.name) + alter.upsertions.map(\.name)).reduce(into: [String]()) { users, name in
                if !users.contains(name) { users.append(name) }
            }
            return .alterUserScramCredentials(AlterUserScramCredentialsResponse(results: users.map { .init(user: $0, errorCode: errorCode) }))
        case .alterClientQuotas(let alter):
            return .alterClientQuotas(AlterClientQuotasResponse(entries: alter.entries.map { entry in
                .init(errorCode: errorCode, errorMessage: nil, entity: entry.entity.map { .init(entityType: $0.entityType, entityName: $0.entityName) })
            }))
        default:
            return nil
        }
    }
}
