import ArgumentParser
import DevCluster
import Foundation
import Broker
import Logging
import Observability
import Properties

/// Runs the embedded broker tier on its own.
struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run the embedded single-node Kafka-compatible broker (loopback only; clients normally reach it through the gateway)."
    )

    @Option(help: "Address to listen on, HOST:PORT: one listener named PLAINTEXT (a `listeners` line in --config replaces it).")
    var listen = "127.0.0.1:19092"

    @Option(name: .customLong("data-dir"), help: "Directory holding topics, segments, groups and keys.")
    var dataDirectory: String

    @Option(help: "A broker.properties file with the other settings (see docs/broker.md).")
    var config: String?

    @Option(help: "Serve /metrics, /healthz and /readyz on HOST:PORT (e.g. 127.0.0.1:11002); none unless given.")
    var metricsListen: String?

    @Option(help: "What /metrics shows: basic, enhanced or topic (log sizes per topic).")
    var metricsLevel: MetricsLevel = .basic

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var shutdown: ShutdownOptions

    func run() async throws {
        let serviceLogFile = try logging.bootstrap(files: logging.serviceLog())
        guard let address = SocketAddressSpec(listen) else {
            throw ValidationError("--listen takes HOST:PORT, got \(listen)")
        }
        var configuration = BrokerConfiguration()
        configuration.listen = address
        configuration.dataDirectory = dataDirectory
        if let config {
            let text: String
            do {
                text = try String(contentsOfFile: config, encoding: .utf8)
            } catch {
                throw ValidationError("cannot read \(config): \(error.localizedDescription)")
            }
            do {
                try configuration.apply(properties: text)
            } catch {
                throw ValidationError("\(config): \(error)")
            }
        }
        var metricsSettings = MetricsSettings()
        metricsSettings.level = metricsLevel
        if let metricsListen {
            do {
                _ = try metricsSettings.apply(Property(line: 0, name: "metrics.listen", value: metricsListen))
            } catch {
                throw ValidationError("--metrics-listen takes HOST:PORT, got \(metricsListen)")
            }
        }
        let metrics = metricsSettings.makeMetrics()
        serviceLogFile?.report(to: metrics)
        let logger = Logger(label: "portcullis.broker")
        let broker = try await EmbeddedBroker(configuration: configuration, logger: logger, metrics: metrics)
        let endpoint = try await MetricsEndpoint.start(metricsSettings, metrics: metrics)
        endpoint?.setReadinessChecks([])  // serving as soon as it listens: the broker is bound before this
        let listeners = broker.listeners.map(\.description).joined(separator: ", ")
        logger.info("broker listening", metadata: ["listeners": "\(listeners)", "data-dir": "\(dataDirectory)"])
        do {
            try await ProcessLifecycle.run([
                ReloadNotSupported.service("the broker reads its configuration at start; restart it to change it", logger: logger),
                StoppedOnShutdown("broker") { try await broker.run() },
            ], grace: shutdown.grace, logger: logger)
        } catch {
            await endpoint?.close()
            throw error
        }
        await endpoint?.close()
    }
}
