import Audit
import LogDelivery
import Observability

/// Everything the gateway needs to run, however it was read.
public struct GatewayConfiguration: Sendable {
    public var listeners: [GatewayListenerConfiguration]
    /// Upstream brokers to ask for the cluster's metadata (`host:port`).
    public var upstreamBootstrap: [String]
    public var upstreamSecurity: UpstreamSecurity
    public var limits: GatewayLimits
    /// `super.users` and `allow.everyone.if.no.acl.found`.
    public var authorization = AuthorizationSettings()
    /// The decision log's `audit.*` settings.
    public var audit = AuditConfiguration()
    /// The metrics port's `metrics.*` settings.
    public var metrics = MetricsSettings()
    /// Where the decision log is delivered (`log.delivery.*`); nowhere by default.
    public var logDelivery = LogDeliveryConfiguration()
    /// How client quotas are measured, and the connection limits.
    public var quotas = QuotaSettings()
    /// The service log's files (`service.log.*`); standard error only by default.
    public var serviceLog = ServiceLogSettings()

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
