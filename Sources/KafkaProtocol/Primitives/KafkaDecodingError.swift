/// Why a sequence of bytes is not a valid Kafka message.
///
/// Decoding is total: every input yields either a value or one of these
/// errors, never a trap, and never an allocation larger than the input.
public enum KafkaDecodingError: Error, Hashable, Sendable {
    /// The input ended before the value did.
    case truncated
    /// A length or count was negative where null is not allowed, or below -1.
    case invalidLength(Int)
    /// A length or count promised more bytes than the input has left.
    case lengthExceedsInput(length: Int, remaining: Int)
    /// A string was longer than Kafka's 32767-byte limit.
    case stringTooLong(Int)
    /// A string was not valid UTF-8.
    case invalidUTF8
    /// A varint ran past its maximum width, or was not in its shortest form.
    case invalidVarint
    /// A non-nullable field arrived as null.
    case unexpectedNull(field: String)
    /// A boolean byte other than 0 or 1.
    case invalidBoolean(UInt8)
    /// A nullable struct's presence marker was neither -1 (null) nor 1.
    case invalidStructMarker(Int8)
    /// Tagged fields were repeated, out of order, had trailing bytes, or
    /// carried a field's default value (which Kafka never writes).
    case invalidTaggedFields
    /// An API key this codec does not know.
    case unknownApiKey(Int16)
    /// A version outside the message's valid versions.
    case unsupportedVersion(apiKey: Int16, version: Int16)
    /// A frame announced more bytes than the configured maximum.
    case frameTooLarge(size: Int, limit: Int)
    /// A record batch's CRC-32C did not match its contents.
    case crcMismatch(expected: UInt32, actual: UInt32)
    /// A record batch used a message format other than v2 (magic 2).
    case unsupportedMagic(Int8)
    /// A record batch or record was internally inconsistent.
    case malformedRecordBatch(String)
    /// A record batch's records are compressed, and this codec reads only
    /// uncompressed records: decompress them first, or forward the batch as it is.
    case compressedRecords(RecordCompression)
}
