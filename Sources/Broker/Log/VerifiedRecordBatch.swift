import KafkaProtocol

/// A record batch whose CRC-32C matched its contents when it entered the
/// broker: what the log appends. The CRC covers every byte of the batch, so
/// it is checked once, where the batch arrives (the produce handler checks
/// all of a partition's batches before appending any, as Kafka does), and
/// the log does not pass over the bytes a second time.
public struct VerifiedRecordBatch: Sendable {
    public let batch: RecordBatch

    /// Throws `.crcMismatch` unless the batch's CRC matches its contents.
    public init(_ batch: RecordBatch) throws(KafkaDecodingError) {
        try batch.verifyChecksum()
        self.batch = batch
    }
}
