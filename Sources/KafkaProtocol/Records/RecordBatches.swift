/// The batches of a records field.
///
/// A fetch response may end its records with the start of a batch that did
/// not fit its size limit; consumers skip it and fetch it again. Its bytes
/// are counted here, not decoded. A produce request has no reason to carry
/// one, so its handler should refuse a partial trailing batch.
public struct RecordBatches: Hashable, Sendable {
    /// The complete batches, in order.
    public var batches: [RecordBatch]
    /// The bytes of the partial batch at the end; 0 when there is none.
    public var partialTrailingBatchLength: Int

    public var hasPartialTrailingBatch: Bool {
        self.partialTrailingBatchLength > 0
    }

    public init(batches: [RecordBatch], partialTrailingBatchLength: Int) {
        self.batches = batches
        self.partialTrailingBatchLength = partialTrailingBatchLength
    }
}
