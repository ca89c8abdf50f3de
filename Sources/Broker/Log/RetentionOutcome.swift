/// What a retention check deleted.
public struct RetentionOutcome: Hashable, Sendable {
    /// Base offsets of the segments deleted, oldest first.
    public var deletedSegments: [Int64]
    public var deletedBytes: Int
    public var logStartOffset: Int64

    public init(deletedSegments: [Int64], deletedBytes: Int, logStartOffset: Int64) {
        self.deletedSegments = deletedSegments
        self.deletedBytes = deletedBytes
        self.logStartOffset = logStartOffset
    }
}
