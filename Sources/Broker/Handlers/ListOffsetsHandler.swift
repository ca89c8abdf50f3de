import KafkaProtocol

/// ListOffsets: the earliest and latest offsets, or the first offset at or
/// after a timestamp.
struct ListOffsetsHandler: Sendable {
    let partitions: PartitionDirectory

    /// Kafka's special timestamps.
    private enum Special {
        static let latest: Int64 = -1
        static let earliest: Int64 = -2
        static let maxTimestamp: Int64 = -3
        static let earliestLocal: Int64 = -4
        static let latestTiered: Int64 = -5
    }

    func listOffsets(_ request: ListOffsetsRequest) async -> ListOffsetsResponse {
        var topics: [ListOffsetsResponse.ListOffsetsTopicResponse] = []
        for wanted in request.topics {
            var answered: [ListOffsetsResponse.ListOffsetsPartitionResponse] = []
            for partition in wanted.partitions {
                answered.append(await answer(topic: wanted.name, partition))
            }
            topics.append(.init(name: wanted.name, partitions: answered))
        }
        return ListOffsetsResponse(topics: topics)
    }

    private func answer(topic: String, _ wanted: ListOffsetsRequest.ListOffsetsPartition) async -> ListOffsetsResponse.ListOffsetsPartitionResponse {
        func found(_ offset: Int64, timestamp: Int64 = -1) -> ListOffsetsResponse.ListOffsetsPartitionResponse {
            .init(partitionIndex: wanted.partitionIndex, timestamp: timestamp, offset: offset, leaderEpoch: 0)
        }
        func refuse(_ code: KafkaErrorCode) -> ListOffsetsResponse.ListOffsetsPartitionResponse {
            .init(partitionIndex: wanted.partitionIndex, errorCode: code.rawValue, timestamp: -1, offset: -1)
        }
        let log: PartitionLog
        switch await partitions.log(topic: topic, partition: wanted.partitionIndex, autoCreate: false) {
        case .success(let found): log = found
        case .failure(let code): return refuse(code)
        }
        switch wanted.timestamp {
        case Special.latest:
            return found(await log.highWatermark)
        case Special.earliest, Special.earliestLocal:
            return found(await log.logStartOffset)
        case Special.latestTiered:
            // No tiered storage: nothing has been uploaded.
            return found(-1)
        case Special.maxTimestamp:
            return refuse(.unsupportedVersion)
        default:
            do {
                guard let hit = try await log.offset(forTimestamp: wanted.timestamp) else { return found(-1) }
                return found(hit.offset, timestamp: hit.timestamp)
            } catch {
                return refuse(error.kafkaErrorCode)
            }
        }
    }
}
