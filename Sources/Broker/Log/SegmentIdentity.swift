import KeyManagement

/// Which segment: a topic, a partition and the segment's base offset. Its
/// data key and every batch sealed in it are bound to these values.
public struct SegmentIdentity: Hashable, Sendable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32
    public var baseOffset: Int64

    public init(topic: String, partition: Int32, baseOffset: Int64) {
        self.topic = topic
        self.partition = partition
        self.baseOffset = baseOffset
    }

    /// The context the segment's data key is wrapped with.
    public var encryptionContext: EncryptionContext {
        ["topic": topic, "partition": "\(partition)", "baseOffset": "\(baseOffset)"]
    }

    /// `<topic>-<partition>/<20-digit base offset>`, as on disk.
    public var description: String {
        "\(LogLayout.partitionDirectoryName(topic: topic, partition: partition))/\(LogLayout.segmentStem(baseOffset))"
    }

    /// What a batch is sealed with besides the key: a domain string, then
    /// the topic (length-prefixed), the partition and the entry header, which
    /// holds the batch's base offset. A batch moved to another topic,
    /// partition or offset therefore fails to open.
    static func associatedData(topic: String, partition: Int32, header: LogEntryHeader) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(domain.count + 2 + topic.utf8.count + 4 + LogEntryHeader.length)
        bytes.append(contentsOf: domain)
        appendBigEndian(UInt16(truncatingIfNeeded: topic.utf8.count), to: &bytes)
        bytes.append(contentsOf: topic.utf8)
        appendBigEndian(partition, to: &bytes)
        header.bytes.withUnsafeReadableBytes { bytes.append(contentsOf: $0) }
        return bytes
    }

    private static let domain = Array("portcullis segment batch v1\0".utf8)

    private static func appendBigEndian(_ value: some FixedWidthInteger, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}
