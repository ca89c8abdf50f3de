import Authentication

/// How a listener establishes who a client is.
public enum ListenerAuthentication: Sendable {
    /// No authentication: every client is `User:ANONYMOUS` (development listeners).
    case anonymous
    /// The verified client certificate's subject, mapped by Kafka-style rules
    /// (`ssl.principal.mapping.rules`). When a certificate is not required, a
    /// client without one is `User:ANONYMOUS` (Kafka's `ssl.client.auth=requested`).
    case certificate(PrincipalMappingRules, required: Bool)
    /// SASL/SCRAM with the mechanisms offered, in order of preference.
    case scram([ScramMechanism])
}
