/// How far one destination is behind, for metrics and health.
public struct DeliveryStatus: Sendable, Equatable {
    public var destination: String
    /// Age of the oldest record not yet delivered (by its time in the log); 0 when all are.
    public var lagSeconds: Double = 0
    /// Bytes written to the log after the cursor.
    public var pendingBytes: Int = 0
    public var deliveredBatches: Int = 0
    public var deliveredRecords: Int = 0
    /// Tries that failed since the last delivery; 0 while the destination takes everything.
    public var consecutiveFailures: Int = 0
    public var cursor: LogPosition?
}
