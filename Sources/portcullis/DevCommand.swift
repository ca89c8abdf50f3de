import ArgumentParser
import DevCluster
import Foundation
import Logging
import Observability

/// Runs the embedded default: broker tier and gateway in one process.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run a one-machine cluster: the encrypted broker tier and the gateway, with a dev CA, an admin user and client files made on first run."
    )

    @Option(name: .customLong("data-dir"), help: "Directory for everything the cluster keeps.")
    var dataDirectory: String

    @Option(help: "Address the gateway listens on.")
    var listenHost = "127.0.0.1"

    @Option(help: "Host name clients connect to (named in the server certificate).")
    var advertisedHost = "localhost"

    @Option(help: "Port of the mutual-TLS listener.")
    var mtlsPort = 9094

    @Option(help: "Port of the SASL/SCRAM listener.")
    var scramPort = 9096

    @Option(help: "Port of the SASL/IAM listener (OAUTHBEARER and AWS_MSK_IAM).")
    var iamPort = 9098

    @Option(help: "The region IAM tokens are signed for.")
    var iamRegion = "us-east-1"

    @Option(help: "Port of the broker tier (loopback only).")
    var brokerPort = 19092

    @Option(help: "Port of the metrics endpoint on loopback: /metrics (Prometheus), /healthz, /readyz.")
    var metricsPort = 11001

    @Option(help: "What /metrics shows: basic, enhanced or topic (per topic and principal).")
    var metricsLevel: MetricsLevel = .topic

    @Flag(help: "Serve no metrics endpoint.")
    var noMetrics = false

    @Flag(help: "Write the service log to standard error only, not to DATA-DIR/logs/service-NNNNNN.jsonl.")
    var noLogFiles = false

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var shutdown: ShutdownOptions

    func validate() throws {
        if noLogFiles, logging.logDirectory != nil { throw ValidationError("--no-log-files and --log-dir: one or the other") }
    }

    func run() async throws {
        let serviceLogFile = try logging.bootstrap(
            files: logging.serviceLog(over: ServiceLogSettings(directory: noLogFiles ? nil : dataDirectory + "/logs"))
        )
        var settings = DevClusterSettings(dataDirectory: dataDirectory)
        settings.listenHost = listenHost
        settings.advertisedHost = advertisedHost
        settings.mutualTLSPort = mtlsPort
        settings.scramPort = scramPort
        settings.brokerPort = brokerPort
        settings.iamPort = iamPort
        settings.iamRegion = iamRegion
        settings.metricsPort = noMetrics ? nil : metricsPort
        settings.metricsLevel = metricsLevel
        let logger = Logger(label: "portcullis.dev")
        let cluster = try await DevCluster(settings: settings, logger: logger)
        serviceLogFile?.report(to: cluster.metrics)
        try await cluster.run(grace: shutdown.grace) { _ in
            FileHandle.standardOutput.write(Data((cluster.instructions + "\n").utf8))
        }
    }
}

extension MetricsLevel: ExpressibleByArgument {}
