import Foundation
import NIOCore
import NIOFoundationCompat

/// What survives a restart of a group: its generation, protocol, members and
/// their assignments, and committed offsets. Members restored this way must
/// heartbeat within their session timeout, as after a coordinator failover.
struct GroupSnapshot: Codable, Sendable {
    struct Member: Codable, Sendable {
        var memberId: String
        var groupInstanceId: String?
        var clientId: String
        var clientHost: String
        var sessionTimeoutMs: Int32
        var rebalanceTimeoutMs: Int32
        var protocols: [Protocol]
        var assignment: Data
    }

    struct `Protocol`: Codable, Sendable {
        var name: String
        var metadata: Data
    }

    struct Offset: Codable, Sendable {
        var topicPartition: TopicPartition
        var committed: CommittedOffset
    }

    var groupId: String
    var stable: Bool
    var generationId: Int32
    var protocolType: String?
    var protocolName: String?
    var leaderId: String?
    var members: [Member]
    var offsets: [Offset]

    init(_ group: ConsumerGroup) {
        groupId = group.groupId
        stable = group.state == .stable
        generationId = group.generationId
        protocolType = group.protocolType
        protocolName = group.protocolName
        leaderId = group.leaderId
        members = stable ? group.members.values.map {
            Member(memberId: $0.memberId, groupInstanceId: $0.groupInstanceId, clientId: $0.clientId, clientHost: $0.clientHost,
                   sessionTimeoutMs: $0.sessionTimeoutMs, rebalanceTimeoutMs: $0.rebalanceTimeoutMs,
                   protocols: $0.protocols.map { Protocol(name: $0.name, metadata: Data(buffer: $0.metadata)) },
                   assignment: Data(buffer: $0.assignment))
        } : []
        offsets = group.offsets.map { Offset(topicPartition: $0.key, committed: $0.value) }
    }

    /// The group as it was saved: Stable with its members, or Empty.
    func restore(at now: ContinuousClock.Instant) -> ConsumerGroup {
        var group = ConsumerGroup(groupId: groupId)
        group.generationId = generationId
        group.protocolType = protocolType
        group.offsets = Dictionary(offsets.map { ($0.topicPartition, $0.committed) }, uniquingKeysWith: { $1 })
        guard stable, !members.isEmpty else { return group }
        group.state = .stable
        group.protocolName = protocolName
        group.leaderId = leaderId
        for member in members {
            group.members[member.memberId] = GroupMember(
                memberId: member.memberId, groupInstanceId: member.groupInstanceId, clientId: member.clientId,
                clientHost: member.clientHost, sessionTimeoutMs: member.sessionTimeoutMs,
                rebalanceTimeoutMs: member.rebalanceTimeoutMs,
                protocols: member.protocols.map { ($0.name, ByteBuffer(data: $0.metadata)) },
                assignment: ByteBuffer(data: member.assignment), lastSeen: now
            )
        }
        return group
    }
}
