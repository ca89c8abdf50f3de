/// Whose clock a batch's timestamps come from (attribute bit 3).
public enum RecordTimestampType: Hashable, Sendable {
    /// Set by the producer when it made the records.
    case createTime
    /// Set by the broker when it appended the batch.
    case logAppendTime
}
