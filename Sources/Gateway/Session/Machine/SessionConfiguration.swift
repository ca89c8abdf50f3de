import Foundation

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
    /// The host clients are told to connect to: AWS_MSK_IAM tokens sign it.
    var advertisedHost = "localhost"
    /// Wall-clock time, which IAM tokens are signed with (the machine's other
    /// clock, `NIODeadline`, is monotonic and for its timers).
    var wallClock: @Sendable () -> Date = { Date() }
    /// Where in its lifetime an upstream SASL session is renewed: jittered,
    /// so that connections opened together do not renew together.
    var upstreamRenewalPoint: @Sendable () -> Double = { .random(in: 0.85...0.95) }
    /// Where a connection's principal is counted when it first authenticates; nil: no per-principal limit.
    var principalSlots: (any PrincipalConnectionSlots)?
}
