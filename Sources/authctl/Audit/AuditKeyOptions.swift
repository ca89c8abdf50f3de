import ArgumentParser
import Audit
import KeyManagement

/// The KMS that wrapped the log's checkpoint key: the broker's, found as
/// `authctl keys` finds it (`KeyServiceOptions`).
struct AuditKeyOptions: ParsableArguments {
    @Option(
        name: .customLong("key-data-dir"),
        help: "The broker's data directory, whose KMS keyring wrapped the checkpoint key (default: DATA_DIR/broker, as portcullis dev lays it out)."
    )
    var keyDataDirectory: String?

    @Option(name: .customLong("key-config"), help: "The broker's broker.properties, when it names another KMS or root key file.")
    var keyConfig: String?

    func withKeyService<Result>(gatewayDataDirectory: String, _ body: (any KeyService) async throws -> Result) async throws -> Result {
        var options = KeyServiceOptions()
        options.dataDirectory = keyDataDirectory ?? gatewayDataDirectory + "/broker"
        options.config = keyConfig
        do {
            return try await options.withKeyService { service, _ in try await body(service) }
        } catch let error as KeyServiceError {
            // Said in words, with what it was needed for.
            throw AuditLogError.keyService(error)
        }
    }
}
