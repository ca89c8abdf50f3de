import Audit
import Authentication
import Broker
import Foundation
import Gateway
import Logging
import Usage
import Observability
import PolicyStore
import SecretHandling

/// `portcullis dev`: the embedded broker (loopback only) and the gateway in
/// front of it, in one process, with everything provisioned on first run.
public struct DevCluster: Sendable {
    public let settings: DevClusterSettings
    public let provisioning: DevProvisioner.Outcome
    private let provisioner: DevProvisioner
    private let broker: EmbeddedBroker
    private let store: PolicyStore
    private let logger: Logger
    /// What the metrics port serves (`off` without one).
    public let metrics: PortcullisMetrics

    /// Provisions what is missing and binds the broker tier.
    public init(settings: DevClusterSettings, logger: Logger) async throws {
        let provisioner = DevProvisioner(settings: settings)
        try SecureFile.makeDirectories(provisioner.layout.root)
        let store = try PolicyStore(dataDirectory: provisioner.layout.root)
        var provisioning = try provisioner.provision(store: store)

        var brokerConfiguration = BrokerConfiguration()
        brokerConfiguration.listen = SocketAddressSpec(host: "127.0.0.1", port: settings.brokerPort)
        brokerConfiguration.dataDirectory = provisioner.layout.brokerData
        // A development cluster creates topics on first use, so `kcat -P -t NEW` just works.
        brokerConfiguration.autoCreateTopicsEnable = true
        self.metrics = settings.metricsSettings.makeMetrics()
        self.broker = try await EmbeddedBroker(configuration: brokerConfiguration, logger: logger, metrics: metrics)
        guard let keyService = broker.keyService else { throw DevClusterError.decisionLogNeedsEncryption }
        provisioning.newIamKey = try await provisioner.provisionIam(store: store, keyService: keyService)
        self.provisioning = provisioning
        self.settings = settings
        self.provisioner = provisioner
        self.store = store
        self.logger = logger
    }

    /// Serves the broker tier, then starts the gateway in front of it and
    /// calls `ready` with it; runs until SIGTERM or SIGINT, then stops the
    /// gateway, the policy and admin-change followers and the broker, in
    /// that order, within `grace`, and closes the decision log.
    public func run(grace: Duration = ProcessLifecycle.defaultGrace, ready: @escaping @Sendable (GatewayServer) -> Void) async throws {
        let configuration = try gatewayConfiguration()
        guard let keyService = broker.keyService else { throw DevClusterError.decisionLogNeedsEncryption }
        let policy = PolicyHolder(settings: configuration.authorization, keyService: keyService, logger: logger)
        await policy.install(try store.snapshot())
        // What is opened here is closed here, however the run ends; the decision log last, after its writers.
        var endpoint: MetricsEndpoint?
        var usage: UsageRecorder?
        var decisionLog: AuditLog?
        do {
            endpoint = try await MetricsEndpoint.start(settings.metricsSettings, metrics: metrics)
            let recorder = try UsageRecorder(directory: UsageDirectory(dataDirectory: settings.dataDirectory), logger: logger)
            usage = recorder
            let log = try await AuditLog.open(
                directory: AuditDirectory(dataDirectory: settings.dataDirectory), configuration: configuration.audit,
                keyService: keyService, logger: logger, metrics: metrics
            )
            decisionLog = log
            let (broker, store, logger, metrics, endpointNow) = (self.broker, self.store, self.logger, self.metrics, endpoint)
            try await ProcessLifecycle.run([
                ReloadNotSupported.service("portcullis dev takes its settings from its options; restart it to change them", logger: logger),
                StoppedOnShutdown("broker") { try await broker.run() },
                UsageStorageSampler.service(broker: broker, usage: recorder),
                StoppedOnShutdown("policy-store") { try await policy.follow(store) },
                StoppedOnShutdown("admin-changes") { try await AdminChangeRelay(store: store, log: log).run() },
                GatewayService(grace: grace) {
                    let gateway = try await GatewayServer.start(
                        configuration, policy: policy, store: store, decisionLog: log, logger: logger,
                        upstreamWait: .seconds(10), metrics: metrics, usage: recorder
                    )
                    endpointNow?.setReadinessChecks(gateway.readinessChecks(decisionLog: log))
                    ready(gateway)
                    return gateway
                },
            ], grace: grace, logger: logger)
        } catch {
            await Self.close(endpoint, usage, decisionLog)
            throw error
        }
        await Self.close(endpoint, usage, decisionLog)
    }

    private static func close(_ endpoint: MetricsEndpoint?, _ usage: UsageRecorder?, _ decisionLog: AuditLog?) async {
        try? usage?.close()
        await endpoint?.close()
        await decisionLog?.close()
    }

    /// MSK's three listeners: mutual TLS (certificate CN = principal), SASL/SCRAM over TLS, and IAM over TLS.
    private func gatewayConfiguration() throws -> GatewayConfiguration {
        let server = provisioner.serverFiles
        let mutualTLS = GatewayListenerConfiguration(
            name: "SSL", host: settings.listenHost, port: settings.mutualTLSPort, advertisedHost: settings.advertisedHost,
            authentication: .certificate(try PrincipalMappingRules(parsing: "RULE:^CN=([^,]+).*$/$1/,DEFAULT"), required: true),
            tls: ListenerTLSSettings(
                certificateChainPath: server.certificate, privateKeyPath: server.privateKey,
                clientCAPath: server.authority, clientAuthentication: .required
            )
        )
        let iam = GatewayListenerConfiguration(
            name: "SASL_SSL_IAM", host: settings.listenHost, port: settings.iamPort, advertisedHost: settings.advertisedHost,
            authentication: .sasl([.iam(.oauthBearer), .iam(.mskIam)]),
            tls: ListenerTLSSettings(
                certificateChainPath: server.certificate, privateKeyPath: server.privateKey, clientAuthentication: .none
            )
        )
        let scram = GatewayListenerConfiguration(
            name: "SASL_SSL", host: settings.listenHost, port: settings.scramPort, advertisedHost: settings.advertisedHost,
            authentication: .sasl([.scram(.sha512), .scram(.sha256)]),
            tls: ListenerTLSSettings(
                certificateChainPath: server.certificate, privateKeyPath: server.privateKey, clientAuthentication: .none
            )
        )
        var configuration = GatewayConfiguration(listeners: [mutualTLS, scram, iam], upstreamBootstrap: ["\(broker.boundAddress)"])
        configuration.authorization.iam.cluster.region = settings.iamRegion
        // Kafka's super.users: the admin the provisioner made may do anything ACLs govern.
        configuration.authorization.superUsers = [DevProvisioner.admin]
        return configuration
    }

    private var metricsLine: String {
        guard let port = settings.metricsPort else { return "" }
        return "\nMetrics (Prometheus, level \(settings.metricsLevel.rawValue)): http://127.0.0.1:\(port)/metrics, /healthz, /readyz"
    }

    /// How to connect, for the start-up message.
    public var instructions: String {
        let layout = provisioner.layout
        return """
        Portcullis dev cluster is up.
          mutual TLS  \(settings.advertisedHost):\(settings.mutualTLSPort)   kcat -F \(layout.mutualTLSProperties) -L
          SCRAM       \(settings.advertisedHost):\(settings.scramPort)   kcat -F \(layout.scramProperties) -L
          IAM         \(settings.advertisedHost):\(settings.iamPort)   AWS_SHARED_CREDENTIALS_FILE=\(layout.iamCredentials) AWS_PROFILE=portcullis (region \(settings.iamRegion))
        Client files (certificate, key, CA, properties) are in \(layout.client).
        The broker tier listens on 127.0.0.1:\(settings.brokerPort) for the gateway only.\(metricsLine)
        Manage users with: authctl user add NAME --data-dir \(settings.dataDirectory)
        """
    }
}
