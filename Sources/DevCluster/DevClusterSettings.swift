import Observability

/// The knobs of `portcullis dev`. The defaults are MSK's ports on loopback.
public struct DevClusterSettings: Sendable {
    public var dataDirectory: String
    /// The address the gateway listens on; loopback unless asked otherwise.
    public var listenHost = "127.0.0.1"
    /// The host name clients use; the server certificate names it and the loopback addresses.
    public var advertisedHost = "localhost"
    public var mutualTLSPort = 9094
    public var scramPort = 9096
    /// SASL_SSL with IAM tokens (OAUTHBEARER and AWS_MSK_IAM), MSK's port.
    public var iamPort = 9098
    /// The region IAM tokens are signed for (AWS's signer needs one).
    public var iamRegion = "us-east-1"
    /// The embedded broker, which only the gateway talks to.
    public var brokerPort = 19092
    /// The metrics port (`/metrics`, `/healthz`, `/readyz`) on loopback, MSK's open-monitoring port; nil for none.
    public var metricsPort: Int? = 11001
    /// Everything, per topic and per principal too: a development cluster has few of either.
    public var metricsLevel: MetricsLevel = .topic

    public init(dataDirectory: String) {
        self.dataDirectory = dataDirectory
    }

    /// The metrics port's settings: loopback only.
    var metricsSettings: MetricsSettings {
        var metrics = MetricsSettings()
        if let metricsPort {
            metrics.listenHost = "127.0.0.1"
            metrics.listenPort = metricsPort
        }
        metrics.level = metricsLevel
        return metrics
    }
}
