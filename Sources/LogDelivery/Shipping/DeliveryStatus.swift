import Foundation

/// How far one destination is behind, for metrics and health.
public struct DeliveryStatus: Sendable, Equatable {
    public var destination: String
    /// The time in the log of the oldest record not yet delivered; nil when all are.
    public var oldestPendingRecord: Date?
    /// Bytes written to the log after the cursor.
    public var pendingBytes: Int = 0
    public var deliveredBatches: Int = 0
    public var deliveredRecords: Int = 0
    /// Tries that failed since the last delivery; 0 while the destination takes everything.
    public var consecutiveFailures: Int = 0
    public var cursor: LogPosition?
    /// Bytes of log deleted by rotation before they were delivered (the service log's
    /// files, when the destination fell further behind than the files kept).
    public var skippedBytes: Int = 0

    /// Age of the oldest record not yet delivered, now: it grows while a destination is down.
    public var lagSeconds: Double {
        oldestPendingRecord.map { max(0, Date().timeIntervalSince($0)) } ?? 0
    }
}
