import NIOCore

/// Bounds on what a client can make the gateway hold or wait for.
public struct GatewayLimits: Sendable, Equatable {
    /// Largest frame accepted before authentication (ApiVersions and SASL only).
    public var unauthenticatedMaximumFrame = 64 * 1024
    /// Largest request accepted from an authenticated client (Kafka's socket.request.max.bytes).
    public var maximumRequestSize = 100 * 1024 * 1024
    /// Time a connection has from accept to a completed authentication.
    public var authenticationTimeout: TimeAmount = .seconds(10)
    /// SASL session lifetime sent to clients (KIP-368); sessions that are not
    /// re-authenticated in time are closed. Nil: sessions do not expire.
    public var sessionLifetime: TimeAmount? = .hours(1)
    /// Re-authentication sooner than this after the last one is refused.
    public var minimumReauthenticationInterval: TimeAmount = .seconds(1)
    /// Largest upstream response the gateway relays.
    public var maximumResponseSize = 512 * 1024 * 1024

    public init() {}
}
