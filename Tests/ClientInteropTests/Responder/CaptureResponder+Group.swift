import KafkaProtocol
import NIOCore

// The classic group protocol with one member per group: the joiner leads,
// gets its own protocol metadata back, and is assigned partition 0 of
// `captured`. Committed offsets are kept for the server's lifetime.
extension CaptureResponder {
    static let generationId: Int32 = 1

    func joinGroup(_ request: JoinGroupRequest, clientId: String?) -> JoinGroupResponse {
        let memberId = request.memberId.isEmpty ? "\(clientId ?? "member")-\(connection)" : request.memberId
        let chosen = request.protocols.first
        return JoinGroupResponse(
            generationId: Self.generationId,
            protocolType: request.protocolType,
            protocolName: chosen?.name ?? "",
            leader: memberId,
            memberId: memberId,
            members: [
                .init(memberId: memberId, groupInstanceId: request.groupInstanceId, metadata: chosen?.metadata ?? ByteBuffer())
            ]
        )
    }

    func syncGroup(_ request: SyncGroupRequest) -> SyncGroupResponse {
        SyncGroupResponse(
            protocolType: request.protocolType,
            protocolName: request.protocolName,
            assignment: cluster.assignment
        )
    }

    func offsetFetch(_ request: OffsetFetchRequest, version: Int16) -> OffsetFetchResponse {
        // v8 batched groups; before it, one group's topics.
        if version >= 8 {
            return OffsetFetchResponse(
                groups: request.groups.map { group in
                    .init(
                        groupId: group.groupId,
                        topics: committed(group: group.groupId, topics: group.topics.map { $0.map { ($0.name, $0.partitionIndexes) } })
                            .map { topic in
                                .init(
                                    name: topic.name,
                                    partitions: topic.partitions.map { .init(partitionIndex: $0.index, committedOffset: $0.offset) }
                                )
                            }
                    )
                }
            )
        }
        return OffsetFetchResponse(
            topics: committed(group: request.groupId, topics: request.topics.map { $0.map { ($0.name, $0.partitionIndexes) } })
                .map { topic in
                    .init(name: topic.name, partitions: topic.partitions.map { .init(partitionIndex: $0.index, committedOffset: $0.offset) })
                }
        )
    }

    /// The committed offsets (-1 where none) of the partitions asked for,
    /// or of every partition the group committed when `topics` is nil.
    private func committed(
        group: String, topics: [(name: String, partitions: [Int32])]?
    ) -> [(name: String, partitions: [(index: Int32, offset: Int64)])] {
        let asked = topics ?? Dictionary(grouping: log.committedPartitions(group: group), by: \.topic)
            .sorted { $0.key < $1.key }
            .map { (name: $0.key, partitions: $0.value.map(\.partition)) }
        return asked.map { topic in
            (
                name: topic.name,
                partitions: topic.partitions.map { partition in
                    let key = CaptureLog.GroupPartition(group: group, topic: topic.name, partition: partition)
                    return (index: partition, offset: log.committedOffset(for: key) ?? -1)
                }
            )
        }
    }

    func offsetCommit(_ request: OffsetCommitRequest) -> OffsetCommitResponse {
        OffsetCommitResponse(
            topics: request.topics.map { topic in
                .init(
                    name: topic.name,
                    partitions: topic.partitions.map { partition in
                        let key = CaptureLog.GroupPartition(group: request.groupId, topic: topic.name, partition: partition.partitionIndex)
                        log.commit(partition.committedOffset, for: key)
                        return .init(partitionIndex: partition.partitionIndex)
                    }
                )
            }
        )
    }

    func leaveGroup(_ request: LeaveGroupRequest) -> LeaveGroupResponse {
        LeaveGroupResponse(
            members: request.members.map { .init(memberId: $0.memberId, groupInstanceId: $0.groupInstanceId) }
        )
    }
}
