import NIOCore

/// One member of a classic consumer group, as the coordinator tracks it.
struct GroupMember: Sendable {
    let memberId: String
    var groupInstanceId: String?
    var clientId: String
    var clientHost: String
    var sessionTimeoutMs: Int32
    var rebalanceTimeoutMs: Int32
    /// The protocols the member supports, in its order of preference, with its metadata for each.
    var protocols: [(name: String, metadata: ByteBuffer)]
    /// What the leader assigned it in the last completed rebalance.
    var assignment: ByteBuffer = ByteBuffer()
    /// When the coordinator last heard from it (join, sync, heartbeat, commit).
    var lastSeen: ContinuousClock.Instant

    func metadata(for protocolName: String) -> ByteBuffer {
        protocols.first { $0.name == protocolName }?.metadata ?? ByteBuffer()
    }
}
