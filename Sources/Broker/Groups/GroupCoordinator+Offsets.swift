import KafkaProtocol

extension GroupCoordinator {
    /// Stores offsets for a group. A member of an active group must name its
    /// current generation; a standalone committer (generation -1, no member)
    /// may commit only while the group has no members, as in Kafka.
    /// While the group prepares a rebalance its members still commit, as in
    /// Kafka: clients commit what they read when their partitions are revoked,
    /// and refusing that commit hands the partitions on at older offsets.
    func commitOffsets(_ request: OffsetCommitRequest, now: Int64) -> OffsetCommitResponse {
        let code = commitRefusal(request)
        if code == .none {
            var group = groups[request.groupId] ?? ConsumerGroup(groupId: request.groupId)
            for topic in request.topics {
                for partition in topic.partitions {
                    group.offsets[TopicPartition(topic: topic.name, partition: partition.partitionIndex)] = CommittedOffset(
                        offset: partition.committedOffset, leaderEpoch: partition.committedLeaderEpoch,
                        metadata: partition.committedMetadata, commitTimestamp: now
                    )
                }
            }
            group.members[request.memberId]?.lastSeen = .now
            groups[request.groupId] = group
            persist(request.groupId)
        }
        return OffsetCommitResponse(topics: request.topics.map { topic in
            .init(name: topic.name, partitions: topic.partitions.map { .init(partitionIndex: $0.partitionIndex, errorCode: code.rawValue) })
        })
    }

    private func commitRefusal(_ request: OffsetCommitRequest) -> KafkaErrorCode {
        guard !request.groupId.isEmpty else { return .invalidGroupId }
        guard let group = groups[request.groupId] else {
            return request.generationIdOrMemberEpoch < 0 ? .none : .illegalGeneration
        }
        if request.generationIdOrMemberEpoch < 0 && request.memberId.isEmpty {
            return group.members.isEmpty ? .none : .unknownMemberId
        }
        guard group.members[request.memberId] != nil else { return .unknownMemberId }
        guard request.generationIdOrMemberEpoch == group.generationId else { return .illegalGeneration }
        // Members who joined the new generation commit once they have its assignment.
        return group.state == .completingRebalance ? .rebalanceInProgress : .none
    }

    /// The committed offsets of the given partitions, or of every partition
    /// the group has committed when `topics` is nil; -1 where none.
    func committedOffsets(groupId: String, topics: [(name: String, partitions: [Int32])]?) -> [(name: String, partitions: [(Int32, CommittedOffset?)])] {
        let offsets = groups[groupId]?.offsets ?? [:]
        if let topics {
            return topics.map { topic in
                (topic.name, topic.partitions.map { ($0, offsets[TopicPartition(topic: topic.name, partition: $0)]) })
            }
        }
        let byTopic = Dictionary(grouping: offsets.keys, by: \.topic)
        return byTopic.keys.sorted().map { name in
            (name, byTopic[name]!.map(\.partition).sorted().map { ($0, offsets[TopicPartition(topic: name, partition: $0)]) })
        }
    }
}
