/// Everything the embedded broker can be told. `listen` and `dataDirectory`
/// come from the command line; the defaults follow Apache Kafka's.
public struct BrokerConfiguration: Sendable, Equatable {
    /// Kafka's `listeners` and `advertised.listeners`; meant for loopback (clients
    /// reach the broker tier through the gateway), though no host is refused.
    public var listeners: [BrokerListener] = [.plaintext(SocketAddressSpec(host: "127.0.0.1", port: 19092))]
    public var dataDirectory: String = "data"
    /// The node id advertised in metadata.
    public var nodeId: Int32 = 1
    public var clusterId: String = "portcullis-embedded"

    /// Largest request frame accepted (Kafka's `socket.request.max.bytes`).
    public var socketRequestMaxBytes: Int = 100 << 20
    /// Create a topic when a client asks for one that does not exist.
    public var autoCreateTopicsEnable: Bool = false
    public var numPartitions: Int32 = 1

    /// Defaults for every topic's log; a topic's own configs override them.
    public var log: LogConfiguration = LogConfiguration()
    /// How often retention runs over every log (Kafka's `log.retention.check.interval.ms`).
    public var retentionCheckIntervalMs: Int64 = 300_000
    public var groups: GroupSettings = GroupSettings()
    public var encryption: EncryptionSettings = EncryptionSettings()

    public init() {}

    /// `--listen HOST:PORT`: one listener named PLAINTEXT, advertising its bound address.
    public var listen: SocketAddressSpec {
        get { listeners[0].bind }
        set { listeners = [.plaintext(newValue)] }
    }

    /// Consumer group coordinator settings (Kafka's `group.*`).
    public struct GroupSettings: Sendable, Equatable {
        /// How long the first rebalance of an empty group waits for more members.
        public var initialRebalanceDelayMs: Int64 = 0
        public var minSessionTimeoutMs: Int32 = 6_000
        public var maxSessionTimeoutMs: Int32 = 1_800_000
        public init() {}
    }

    /// Encryption at rest.
    public struct EncryptionSettings: Sendable, Equatable {
        /// `local` (keyring under DATA/keys) or `aws` (AWS KMS API).
        public var kms: String = "local"
        /// The KEK that wraps segment data keys; created on first start for the local KMS.
        public var keyId: String = "alias/portcullis-segments"
        /// Root key file for the local KMS (mode 0600); or set `PORTCULLIS_ROOT_KEY`.
        public var rootKeyFile: String?
        /// With neither, generate a development root key under DATA/keys (with a warning).
        public var allowDevelopmentRootKey: Bool = true
        /// Stores segments unencrypted. Exists only so the benchmark can measure
        /// what encryption costs; never use it for data.
        public var disabledForBenchmarksOnly: Bool = false
        /// AWS KMS endpoint and region (when `kms` is `aws`).
        public var awsEndpoint: String?
        public var awsRegion: String?
        /// How long after the KMS last confirmed the segment KEK its cached
        /// data keys are still served while the KMS does not answer.
        public var kmsUnreachableGraceMs: Int64 = 3_600_000
        public init() {}
    }
}

/// A host and port to listen on or connect to, written `HOST:PORT`.
public struct SocketAddressSpec: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT` or `[IPV6]:PORT`.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (1...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.init(host: host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
