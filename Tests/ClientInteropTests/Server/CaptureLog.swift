import KafkaProtocol
import Synchronization

/// What the capture server saw and the little state its answers need,
/// shared by every connection.
final class CaptureLog: Sendable {
    /// What the tests look at once a client has finished.
    struct Snapshot: Sendable {
        /// Every request frame, in arrival order.
        var requests: [CapturedRequest] = []
        /// Requests the responder had no answer for (it closed the connection).
        var unanswered: [String] = []
        /// The values of the records produced in v2 batches, in arrival order.
        var producedValues: [String] = []
        /// Produced messages in an older message format (magic 0 or 1), not decoded.
        var legacyProducedMessages = 0
        /// Produced v2 batches whose CRC-32C did not match.
        var checksumFailures = 0
    }

    private struct State {
        var snapshot = Snapshot()
        var connections = 0
        var producerIds: Int64 = 4000
        var nextOffsets: [String: Int64] = [:]
        var topicNames: [KafkaUUID: String] = [:]
        var committedOffsets: [GroupPartition: Int64] = [:]
    }

    /// A partition as a group commits offsets for it.
    struct GroupPartition: Hashable, Sendable {
        var group: String
        var topic: String
        var partition: Int32
    }

    private let state = Mutex(State())

    var snapshot: Snapshot { state.withLock { $0.snapshot } }

    /// A number for a new connection, from 1.
    func openConnection() -> Int {
        state.withLock { state in
            state.connections += 1
            return state.connections
        }
    }

    func append(_ request: CapturedRequest) {
        state.withLock { $0.snapshot.requests.append(request) }
    }

    func noteUnanswered(_ request: CapturedRequest) {
        state.withLock { $0.snapshot.unanswered.append(request.description) }
    }

    func noteProduced(values: [String], legacyMessages: Int, checksumFailures: Int) {
        state.withLock {
            $0.snapshot.producedValues += values
            $0.snapshot.legacyProducedMessages += legacyMessages
            $0.snapshot.checksumFailures += checksumFailures
        }
    }

    /// The base offset for `count` records appended to a partition. Produced
    /// records go after the served ones but are not served back.
    func appendOffsets(topic: String, partition: Int32, count: Int64, after highWatermark: Int64) -> Int64 {
        state.withLock { state in
            let key = "\(topic)-\(partition)"
            let base = state.nextOffsets[key] ?? highWatermark
            state.nextOffsets[key] = base + count
            return base
        }
    }

    /// The id of a topic, remembered so that requests naming it by id
    /// (Fetch v13+, Metadata v10+) can be answered.
    func topicId(for name: String) -> KafkaUUID {
        let id = CapturedCluster.topicId(for: name)
        state.withLock { $0.topicNames[id] = name }
        return id
    }

    func topicName(for id: KafkaUUID) -> String? {
        state.withLock { $0.topicNames[id] }
    }

    func commit(_ offset: Int64, for partition: GroupPartition) {
        state.withLock { $0.committedOffsets[partition] = offset }
    }

    /// The offset last committed for `partition`, if any.
    func committedOffset(for partition: GroupPartition) -> Int64? {
        state.withLock { $0.committedOffsets[partition] }
    }

    /// Every partition `group` has committed an offset for, in a stable order.
    func committedPartitions(group: String) -> [GroupPartition] {
        state.withLock { state in
            state.committedOffsets.keys.filter { $0.group == group }
                .sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
        }
    }

    func allocateProducerId() -> Int64 {
        state.withLock { state in
            state.producerIds += 1
            return state.producerIds
        }
    }
}
