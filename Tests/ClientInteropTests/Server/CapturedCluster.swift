import KafkaProtocol
import NIOCore

/// What the capture server pretends to be: a one-broker cluster (node 1, on
/// the server's own address) where every topic a client names exists with one
/// partition, and partition 0 of `captured` holds a few records for consumers.
struct CapturedCluster: Sendable {
    static let nodeId: Int32 = 1
    static let clusterId = "portcullis-capture"
    static let topic = "captured"
    /// What consumers of `captured` partition 0 are served, at offsets 0, 1, …
    static let servedValues = ["served-0", "served-1"]
    static var servedHighWatermark: Int64 { Int64(servedValues.count) }

    let host: String
    let port: Int32
    /// The highest ApiVersions version answered; a request above it gets
    /// UNSUPPORTED_VERSION in a v0 response, as a Kafka broker does.
    let apiVersionsMaxVersion: Int16
    /// `servedValues` as one v2 record batch with base offset 0.
    let servedBatch: ByteBuffer
    /// What SyncGroup hands every member: partition 0 of `captured`, as a
    /// version 0 ConsumerProtocolAssignment after its Int16 version.
    let assignment: ByteBuffer

    init(host: String, port: Int32, apiVersionsMaxVersion: Int16) throws {
        self.host = host
        self.port = port
        self.apiVersionsMaxVersion = apiVersionsMaxVersion
        let records = Self.servedValues.enumerated().map { offset, value in
            Record(timestampDelta: Int64(offset), offsetDelta: Int32(offset), key: nil, value: ByteBuffer(string: value))
        }
        let batch = try RecordBatch(records: records, baseOffset: 0, baseTimestamp: 1_700_000_000_000)
        var bytes = ByteBuffer()
        bytes.writeKafkaRecordBatch(batch)
        self.servedBatch = bytes

        var assignment = ByteBuffer()
        assignment.writeInteger(Int16(0))
        try ConsumerProtocolAssignment(assignedPartitions: [.init(topic: Self.topic, partitions: [0])])
            .encode(into: &assignment, version: 0)
        self.assignment = assignment
    }

    /// The end of a partition's log: `captured` partition 0 holds the served
    /// records, everything else is empty.
    func highWatermark(topic: String, partition: Int32) -> Int64 {
        topic == Self.topic && partition == 0 ? Self.servedHighWatermark : 0
    }

    /// A stable id per topic name (FNV-1a, two seeds), so that clients using
    /// topic ids (Metadata v10+, Fetch v13+) see the same id on every run.
    static func topicId(for name: String) -> KafkaUUID {
        func fnv1a(_ seed: UInt64) -> UInt64 {
            var hash = seed
            for byte in name.utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x100_0000_01b3
            }
            return hash
        }
        return KafkaUUID(mostSignificantBits: fnv1a(0xcbf2_9ce4_8422_2325), leastSignificantBits: fnv1a(0x8422_2325_cbf2_9ce4))
    }
}
