import KafkaProtocol
import NIOCore

/// A classic consumer group's state, as in Kafka's GroupMetadata: members
/// join (PreparingRebalance), the leader assigns (CompletingRebalance), and
/// the group is Stable until a member arrives, leaves or times out.
struct ConsumerGroup: Sendable {
    enum State: String, Sendable, Codable {
        case empty = "Empty"
        case preparingRebalance = "PreparingRebalance"
        case completingRebalance = "CompletingRebalance"
        case stable = "Stable"
        case dead = "Dead"
    }

    let groupId: String
    var state: State = .empty
    var generationId: Int32 = 0
    var protocolType: String?
    var protocolName: String?
    var leaderId: String?
    var members: [String: GroupMember] = [:]
    /// Member ids handed out with MEMBER_ID_REQUIRED, awaiting the client's rejoin.
    var pendingMemberIds: Set<String> = []
    /// Members whose JoinGroup is waiting for the rebalance to complete.
    var awaitingJoin: [String: CheckedContinuation<JoinGroupResponse, Never>] = [:]
    /// Members whose SyncGroup is waiting for the leader's assignment.
    var awaitingSync: [String: CheckedContinuation<SyncGroupResponse, Never>] = [:]
    /// Bumped on every new rebalance so a stale timer can tell it is stale.
    var rebalanceToken = 0
    var offsets: [TopicPartition: CommittedOffset] = [:]

    init(groupId: String) {
        self.groupId = groupId
    }

    /// Every member has sent its JoinGroup for this rebalance.
    var allMembersJoined: Bool {
        !members.isEmpty && members.keys.allSatisfy { awaitingJoin[$0] != nil }
    }

    /// The protocol every member supports, chosen by the members' preferences
    /// (Kafka's vote: each member's first choice among the common ones).
    func selectProtocol() -> String? {
        guard let first = members.values.first else { return nil }
        var common = Set(first.protocols.map(\.name))
        for member in members.values { common.formIntersection(member.protocols.map(\.name)) }
        var votes: [String: Int] = [:]
        for member in members.values {
            if let choice = member.protocols.first(where: { common.contains($0.name) }) { votes[choice.name, default: 0] += 1 }
        }
        return votes.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }

    /// Whether a joining member's protocols can live with the group's.
    func accepts(protocolType: String, protocols: [String]) -> Bool {
        if members.isEmpty { return !protocols.isEmpty }
        guard protocolType == self.protocolType else { return false }
        var common = Set(protocols)
        for member in members.values { common.formIntersection(member.protocols.map(\.name)) }
        return !common.isEmpty
    }

    /// The longest rebalance timeout of the members: how long a rebalance waits.
    var rebalanceTimeoutMs: Int32 {
        members.values.map(\.rebalanceTimeoutMs).max() ?? 0
    }
}
