/// Why a value cannot be written in the requested version.
public enum KafkaEncodingError: Error, Hashable, Sendable {
    /// A field holds null in a version where it is not nullable.
    case nullNotAllowed(field: String)
    /// A string is longer than Kafka's 32767-byte limit.
    case stringTooLong(field: String, length: Int)
    /// An array or byte field is longer than the wire format can express.
    case tooLong(field: String, length: Int)
    /// The message does not exist in this version.
    case unsupportedVersion(apiKey: Int16, version: Int16)
}
