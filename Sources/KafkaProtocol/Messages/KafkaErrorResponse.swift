/// The response a broker gives when it refuses a whole request: the error is
/// put where the client looks for it. For APIs whose responses have a
/// top-level error code that is `KafkaResponseBody.refusal`; for those that
/// report per topic, partition or key (Produce, Fetch, ListOffsets,
/// OffsetCommit, Metadata, FindCoordinator v4+, and the APIs of `perResourceRefusal`) every resource the request
/// named gets the error, as Kafka's
/// `getErrorResponse` does, so a client fails the request at once instead of
/// waiting for a timeout.
extension KafkaResponseBody {
    public static func refusal(of request: KafkaRequestBody, errorCode: Int16) -> KafkaResponseBody {
        switch request {
        case .produce(let produce):
            return .produce(ProduceResponse(responses: produce.topicData.map { topic in
                .init(name: topic.name, partitionResponses: topic.partitionData.map {
                    .init(index: $0.index, errorCode: errorCode, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1)
                })
            }))
        case .fetch(let fetch):
            // The top-level error is read from v7; older versions only see the partitions'.
            return .fetch(FetchResponse(errorCode: errorCode, responses: fetch.topics.map { topic in
                .init(topic: topic.topic, topicId: topic.topicId, partitions: topic.partitions.map {
                    .init(partitionIndex: $0.partition, errorCode: errorCode, highWatermark: -1, records: nil)
                })
            }))
        case .findCoordinator(let find):
            // v0–v3 ask for one key and read the top-level error; v4+ ask for a list of keys.
            return .findCoordinator(FindCoordinatorResponse(
                errorCode: errorCode, nodeId: -1, host: "", port: -1,
                coordinators: find.coordinatorKeys.map { .init(key: $0, nodeId: -1, host: "", port: -1, errorCode: errorCode) }
            ))
        case .listOffsets(let listOffsets):
            return .listOffsets(ListOffsetsResponse(topics: listOffsets.topics.map { topic in
                .init(name: topic.name, partitions: topic.partitions.map {
                    .init(partitionIndex: $0.partitionIndex, errorCode: errorCode, timestamp: -1, offset: -1)
                })
            }))
        case .offsetCommit(let commit):
            return .offsetCommit(OffsetCommitResponse(topics: commit.topics.map { topic in
                .init(name: topic.name, partitions: topic.partitions.map { .init(partitionIndex: $0.partitionIndex, errorCode: errorCode) })
            }))
        case .metadata(let metadata):
            return .metadata(MetadataResponse(topics: (metadata.topics ?? []).map {
                .init(errorCode: errorCode, name: $0.name, topicId: $0.topicId)
            }))
        default:
            return perResourceRefusal(of: request, errorCode: errorCode) ?? .refusal(apiKey: request.apiKey, errorCode: errorCode)
        }
    }
}
