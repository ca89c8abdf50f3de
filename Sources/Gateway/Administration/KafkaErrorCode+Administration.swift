import KafkaProtocol

/// The codes of Kafka's SCRAM credential APIs (`org.apache.kafka.common.protocol.Errors`) that the
/// gateway sends only from ``PolicyAdministration``.
extension KafkaErrorCode {
    static let resourceNotFound = Self(rawValue: 91)
    static let duplicateResource = Self(rawValue: 92)
    static let unacceptableCredential = Self(rawValue: 93)
}
