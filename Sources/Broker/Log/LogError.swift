import KeyManagement

/// Why the partition log refused or failed. Messages name topics, offsets
/// and files, never key material or record contents.
public enum LogError: Error, Hashable, Sendable {
    /// The offset is below the log start or beyond the log end (Kafka's OFFSET_OUT_OF_RANGE).
    case offsetOutOfRange(offset: Int64, logStartOffset: Int64, logEndOffset: Int64)
    /// The stored batch holding these offsets failed authentication or is
    /// unreadable; it is never served (Kafka's CORRUPT_MESSAGE).
    case corruptBatch(topic: String, partition: Int32, baseOffset: Int64, lastOffset: Int64)
    /// A batch offered for append is malformed (Kafka's INVALID_RECORD / CORRUPT_MESSAGE).
    case invalidBatch(String)
    /// A batch is larger than `max.message.bytes` (Kafka's MESSAGE_TOO_LARGE).
    case batchTooLarge(size: Int, limit: Int)
    /// Not a Kafka topic name (which also keeps it one path component) or a negative partition.
    case invalidTopicPartition(topic: String, partition: Int32)
    /// A configuration value is out of its range.
    case invalidConfiguration(name: String, value: String)
    /// The key service refused to make or unwrap a segment's data key.
    case keyService(KeyServiceError)
    /// A segment's `.key` sidecar is missing, unreadable, or belongs to another segment.
    case invalidSegmentKey(path: String, reason: String)
    /// A system call on a log file failed.
    case io(operation: String, path: String, errno: Int32)
    /// An earlier fsync failed: what reached the disk is unknown, so the log
    /// accepts nothing more until it is reopened and recovered.
    case logFailed(String)
    /// Another open log (in this process or another) holds the partition directory.
    case partitionInUse(path: String)
    /// The log was closed.
    case closed
}
