import NIOCore

/// A message of the Kafka protocol, in every version its schema defines.
public protocol KafkaMessage: Hashable, Sendable {
    static var validVersions: ClosedRange<Int16> { get }
    /// The first version using compact encodings and tagged fields; nil if none does.
    static var firstFlexibleVersion: Int16? { get }

    init(from buffer: inout ByteBuffer, version: Int16) throws(KafkaDecodingError)
    func encode(into buffer: inout ByteBuffer, version: Int16) throws(KafkaEncodingError)
}

/// The body of a request a client sends.
public protocol KafkaRequestMessage: KafkaMessage {
    static var apiKey: KafkaApiKey { get }
    /// Adds the resources this request names (in `version`) to `references`.
    func collectResourceReferences(version: Int16, into references: inout [KafkaResourceReference])
}

/// The body of a response a broker sends.
public protocol KafkaResponseMessage: KafkaMessage {
    static var apiKey: KafkaApiKey { get }
}

extension KafkaRequestMessage {
    public func collectResourceReferences(version: Int16, into references: inout [KafkaResourceReference]) {}

    /// The resources this request names, in the order they appear.
    public func resourceReferences(version: Int16) -> [KafkaResourceReference] {
        var references: [KafkaResourceReference] = []
        self.collectResourceReferences(version: version, into: &references)
        return references
    }
}
