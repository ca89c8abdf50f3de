import KafkaProtocol

/// The APIs the gateway answers itself, on every listener and before
/// authentication: the version negotiation and the SASL exchange.
enum LocalApis {
    static let versions: [KafkaApiKey: ClosedRange<Int16>] = [
        .apiVersions: KafkaApiKey.apiVersions.validVersions,
        .saslHandshake: KafkaApiKey.saslHandshake.validVersions,
        .saslAuthenticate: KafkaApiKey.saslAuthenticate.validVersions,
    ]
}
