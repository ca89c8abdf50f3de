/// Everything the gateway needs to run, however it was read.
public struct GatewayConfiguration: Sendable {
    public var listeners: [GatewayListenerConfiguration]
    /// Upstream brokers to ask for the cluster's metadata (`host:port`).
    public var upstreamBootstrap: [String]
    public var upstreamSecurity: UpstreamSecurity
    public var limits: GatewayLimits

    public init(
        listeners: [GatewayListenerConfiguration], upstreamBootstrap: [String],
        upstreamSecurity: UpstreamSecurity = .plaintext, limits: GatewayLimits = GatewayLimits()
    ) {
        self.listeners = listeners
        self.upstreamBootstrap = upstreamBootstrap
        self.upstreamSecurity = upstreamSecurity
        self.limits = limits
    }
}
