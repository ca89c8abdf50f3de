import Foundation
import KafkaProtocol

/// The consumer-group APIs, translated between wire versions and the coordinator.
struct GroupHandlers: Sendable {
    let coordinator: GroupCoordinator

    func offsetFetch(_ request: OffsetFetchRequest, version: Int16) async -> OffsetFetchResponse {
        // v8+ batch several groups; earlier versions ask for one.
        if version >= 8 {
            var answered: [OffsetFetchResponse.OffsetFetchResponseGroup] = []
            for group in request.groups {
                let topics = group.topics.map { $0.map { ($0.name, $0.partitionIndexes) } }
                let offsets = await coordinator.committedOffsets(groupId: group.groupId, topics: topics)
                answered.append(.init(groupId: group.groupId, topics: offsets.map { topic in
                    .init(name: topic.name, partitions: topic.partitions.map { partition, committed in
                        .init(partitionIndex: partition, committedOffset: committed?.offset ?? -1,
                              committedLeaderEpoch: committed?.leaderEpoch ?? -1, metadata: committed?.metadata ?? "")
                    })
                }))
            }
            return OffsetFetchResponse(groups: answered)
        }
        let topics = request.topics.map { $0.map { ($0.name, $0.partitionIndexes) } }
        let offsets = await coordinator.committedOffsets(groupId: request.groupId, topics: topics)
        return OffsetFetchResponse(topics: offsets.map { topic in
            .init(name: topic.name, partitions: topic.partitions.map { partition, committed in
                .init(partitionIndex: partition, committedOffset: committed?.offset ?? -1,
                      committedLeaderEpoch: committed?.leaderEpoch ?? -1, metadata: committed?.metadata ?? "")
            })
        })
    }

    func offsetCommit(_ request: OffsetCommitRequest) async -> OffsetCommitResponse {
        await coordinator.commitOffsets(request, now: Int64(Date().timeIntervalSince1970 * 1000))
    }
}
