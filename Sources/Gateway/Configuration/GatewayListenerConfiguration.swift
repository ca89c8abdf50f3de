/// One client-facing listener of the gateway.
public struct GatewayListenerConfiguration: Sendable {
    /// A name for logs and metrics, e.g. "SSL" or "SASL_SSL" (Kafka's listener name).
    public var name: String
    public var host: String
    public var port: Int
    /// The host clients are told to connect to in Metadata and FindCoordinator answers.
    public var advertisedHost: String
    /// Node N of the upstream is advertised at nodePortBase + N; nil for a
    /// single-node upstream, which is advertised at `port` itself.
    public var nodePortBase: Int?
    public var authentication: ListenerAuthentication
    /// TLS for the listener; nil for PLAINTEXT and SASL_PLAINTEXT.
    public var tls: ListenerTLSSettings?
    /// The client addresses that may connect (security-group style); empty allows every address.
    public var allowedClients: CIDRAllowList
    /// Whether a client without credentials is served as `User:ANONYMOUS`
    /// (`allow.anonymous`); never on SASL listeners.
    public var allowsAnonymous: Bool

    public init(
        name: String, host: String, port: Int, advertisedHost: String? = nil,
        nodePortBase: Int? = nil, authentication: ListenerAuthentication,
        tls: ListenerTLSSettings? = nil, allowedClients: CIDRAllowList = .everyAddress, allowsAnonymous: Bool = false
    ) {
        self.name = name
        self.host = host
        self.port = port
        self.advertisedHost = advertisedHost ?? host
        self.nodePortBase = nodePortBase
        self.authentication = authentication
        self.tls = tls
        self.allowedClients = allowedClients
        self.allowsAnonymous = allowsAnonymous
    }
}
