import ArgumentParser
import Broker
import Foundation
import KeyManagement
import Logging

/// Where the keys are: the broker's data directory and configuration file.
struct KeyServiceOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The broker's data directory.")
    var dataDirectory: String

    @Option(help: "The broker's broker.properties, when it names another KMS or root key file.")
    var config: String?

    /// Runs `body` with the configured key service and shuts the service down after.
    func withKeyService<Result>(_ body: (any KeyService, BrokerConfiguration) async throws -> Result) async throws -> Result {
        let (service, configuration) = try BrokerKeyService.open(
            dataDirectory: dataDirectory, configFile: config, logger: Logger(label: "authctl")
        )
        do {
            let result = try await body(service, configuration)
            try await service.shutdown()
            return result
        } catch {
            try? await service.shutdown()
            throw error
        }
    }
}
