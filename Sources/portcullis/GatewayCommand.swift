import ArgumentParser
import Audit
import Broker
import DevCluster
import Foundation
import Gateway
import Logging
import Observability
import PolicyStore
import Usage

/// Runs the gateway in front of an upstream Kafka cluster.
struct GatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Run the gateway: TLS, mutual TLS and SASL/SCRAM listeners in front of an upstream Kafka cluster."
    )

    @Option(help: "A gateway.properties file: listeners, TLS files, upstream (see docs/gateway.md).")
    var config: String

    @Option(name: .customLong("data-dir"), help: "Directory holding the policy store and the decision log (DIR/audit).")
    var dataDirectory: String

    @Option(name: .customLong("key-data-dir"), help: "The data directory of the broker tier whose KMS keys the decision log's checkpoints.")
    var keyDataDirectory: String

    @Option(name: .customLong("key-config"), help: "That broker's broker.properties, when it names another KMS or root key file.")
    var keyConfig: String?

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var shutdown: ShutdownOptions

    func run() async throws {
        let text: String
        do {
            text = try String(contentsOfFile: config, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read \(config): \(error.localizedDescription)")
        }
        let configuration: GatewayConfiguration
        do {
            configuration = try GatewayConfiguration(properties: text)
        } catch {
            throw ValidationError("\(config): \(error)")
        }
        let serviceLog = logging.serviceLog(over: configuration.serviceLog)
        if configuration.logDelivery.isEnabled, configuration.logDelivery.logs.contains(.service), serviceLog.directory == nil {
            throw ValidationError("\(config): log.delivery.logs has service, but no service.log.dir (or --log-dir) says where its files are")
        }
        let serviceLogFile = try logging.bootstrap(files: serviceLog)
        let logger = Logger(label: "portcullis.gateway")
        let store = try PolicyStore(dataDirectory: dataDirectory)
        let metrics = configuration.metrics.makeMetrics()
        serviceLogFile?.report(to: metrics)
        let keys = try BrokerKeyService.open(
            dataDirectory: keyDataDirectory, configFile: keyConfig, logger: logger, metrics: metrics
        )
        let policy = PolicyHolder(settings: configuration.authorization, keyService: keys.service, logger: logger)
        await policy.install(try store.snapshot())
        let endpoint = try await MetricsEndpoint.start(configuration.metrics, metrics: metrics)
        let usage = try UsageRecorder(directory: UsageDirectory(dataDirectory: dataDirectory), logger: logger)
        let decisionLog = try await AuditLog.open(
            directory: AuditDirectory(dataDirectory: dataDirectory), configuration: configuration.audit,
            keyService: keys.service, logger: logger, metrics: metrics
        )
        do {
            let gateway = try await GatewayServer.start(
                configuration, policy: policy, store: store, decisionLog: decisionLog, logger: logger, metrics: metrics,
                usage: usage
            )
            endpoint?.setReadinessChecks(gateway.readinessChecks(decisionLog: decisionLog))
            for (listener, address) in zip(configuration.listeners, gateway.boundAddresses) {
                logger.info("gateway listening", metadata: ["listener": "\(listener.name)", "address": "\(address)"])
            }
            if let address = endpoint?.server.channel.localAddress {
                logger.info("metrics listening", metadata: ["address": "\(address)", "level": "\(configuration.metrics.level.rawValue)"])
            }
            let delivery = try LogDeliveryService.make(
                configuration.logDelivery, dataDirectory: dataDirectory, serviceLogDirectory: serviceLog.directory,
                metrics: metrics, logger: logger
            )
            try await ProcessLifecycle.run(Array([delivery].compactMap { $0 }) + [
                StoppedOnShutdown("policy-store") { try await policy.follow(store) },
                StoppedOnShutdown("admin-changes") { try await AdminChangeRelay(store: store, log: decisionLog).run() },
                StoppedOnShutdown("configuration-reload") {
                    await ConfigurationReloader(path: config, startupText: text, policy: policy, logger: logger).run()
                },
                StoppedOnShutdown("usage-storage") { await gateway.sampleStorage(into: usage) },
                GatewayService(grace: shutdown.grace) { gateway },
            ], grace: shutdown.grace, logger: logger)
        } catch {
            try? usage.close()
            await endpoint?.close()
            await decisionLog.close()
            try? await keys.service.shutdown()
            throw error
        }
        try? usage.close()
        await endpoint?.close()
        await decisionLog.close()
        try await keys.service.shutdown()
    }
}
