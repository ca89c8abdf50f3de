import NIOCore

/// One record of a v2 batch. Key, value and header values are slices of
/// the batch's bytes, not copies.
public struct Record: Hashable, Sendable {
    /// Unused by Kafka so far; kept so that re-encoding gives back the same bytes.
    public var attributes: Int8
    /// Milliseconds after the batch's `baseTimestamp`.
    public var timestampDelta: Int64
    /// The record's offset minus the batch's `baseOffset`.
    public var offsetDelta: Int32
    public var key: ByteBuffer?
    public var value: ByteBuffer?
    public var headers: [RecordHeader]

    public init(
        attributes: Int8 = 0,
        timestampDelta: Int64,
        offsetDelta: Int32,
        key: ByteBuffer?,
        value: ByteBuffer?,
        headers: [RecordHeader] = []
    ) {
        self.attributes = attributes
        self.timestampDelta = timestampDelta
        self.offsetDelta = offsetDelta
        self.key = key
        self.value = value
        self.headers = headers
    }
}
