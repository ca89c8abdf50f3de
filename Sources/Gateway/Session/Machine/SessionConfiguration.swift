/// What a session machine knows of its listener.
struct SessionConfiguration: Sendable {
    let authentication: ListenerAuthentication
    /// Whether connections start with a TLS handshake (nothing is served before it completes).
    let usesTLS: Bool
    /// Whether a client without credentials is served as `User:ANONYMOUS` (`allow.anonymous`).
    let allowsAnonymous: Bool
    let limits: GatewayLimits
    /// Whether every ALLOW goes to the decision log, not only a connection's first per operation and resource.
    var recordsEveryAllow = false
    /// Where in its lifetime an upstream SASL session is renewed: jittered,
    /// so that connections opened together do not renew together.
    var upstreamRenewalPoint: @Sendable () -> Double = { .random(in: 0.85...0.95) }
}
