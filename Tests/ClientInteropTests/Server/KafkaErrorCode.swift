/// The few Kafka error codes the capture server answers with.
enum KafkaErrorCode {
    static let none: Int16 = 0
    static let offsetOutOfRange: Int16 = 1
    static let unknownTopicOrPartition: Int16 = 3
    static let unsupportedSaslMechanism: Int16 = 33
    static let saslAuthenticationFailed: Int16 = 58
    static let unsupportedVersion: Int16 = 35
    static let unknownTopicId: Int16 = 100
}
