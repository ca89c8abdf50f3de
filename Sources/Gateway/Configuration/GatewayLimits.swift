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
    /// Answers waiting to be written to one client beyond which the gateway
    /// stops reading that client's requests, so a client that sends and
    /// never reads cannot make it hold more.
    public var maximumPendingResponseBytes = 1024 * 1024
    /// Request bytes all connections together may hold in partly received
    /// frames (Kafka's queued.max.request.bytes); past it, connections wait
    /// before reading more. At least `maximumRequestSize`.
    public var maximumBufferedRequestBytes = 256 * 1024 * 1024

    public init() {}
}
