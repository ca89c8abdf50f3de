#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the broker's log lines and its clients' error messages say: a system
/// call's failure in the system's words ("No space left on device"), not an errno.
extension LogError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .offsetOutOfRange(let offset, let logStartOffset, let logEndOffset):
            "offset \(offset) is outside the log (start \(logStartOffset), end \(logEndOffset))"
        case .corruptBatch(let topic, let partition, let baseOffset, let lastOffset):
            "the stored batch of \(topic)-\(partition) at offsets \(baseOffset)-\(lastOffset) is unreadable"
        case .invalidBatch(let reason): "invalid record batch: \(reason)"
        case .batchTooLarge(let size, let limit): "the batch is \(size) bytes, over max.message.bytes (\(limit))"
        case .invalidTopicPartition(let topic, let partition): "not a topic partition: \(topic)-\(partition)"
        case .invalidConfiguration(let name, let value): "invalid \(name): \(value)"
        case .keyService(let error): "key service: \(error)"
        case .invalidSegmentKey(let path, let reason): "segment key \(path): \(reason)"
        case .io(let operation, let path, let code): "\(operation) \(path): \(String(cString: strerror(code))) (errno \(code))"
        case .logFailed(let reason): "the partition log failed: \(reason)"
        case .partitionInUse(let path): "\(path) is held by another open log"
        case .closed: "the partition log is closed"
        }
    }
}
