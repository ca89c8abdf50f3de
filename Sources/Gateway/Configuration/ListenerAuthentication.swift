import Authentication

/// How a listener establishes who a client is.
public enum ListenerAuthentication: Sendable {
    /// No authentication: every client is `User:ANONYMOUS`; only on listeners
    /// configured with `allow.anonymous=true`.
    case anonymous
    /// The verified client certificate's subject, mapped by Kafka-style rules
    /// (`ssl.principal.mapping.rules`). When a certificate is not required
    /// (Kafka's `ssl.client.auth=requested`), a client without one is
    /// `User:ANONYMOUS` where the listener allows anonymous access, and
    /// refused elsewhere.
    case certificate(PrincipalMappingRules, required: Bool)
    /// SASL with the mechanisms offered, in order of preference.
    case sasl([SaslMechanism])
}
