import KeyManagement
import Logging
import Observability

/// Builds the segment cipher the configuration asks for: envelope encryption
/// under the local KMS (creating the segment KEK on first start) or AWS KMS.
public enum SegmentCipherFactory {
    /// How many unwrapped segment data keys stay in memory.
    static let dataKeyCacheCapacity = 4_096

    /// The cipher, and the key service behind it (to shut down last), if any;
    /// its KMS requests and data-key cache hits count in `metrics`.
    static func make(
        _ configuration: BrokerConfiguration, logger: Logger, metrics: PortcullisMetrics
    ) async throws -> (any SegmentCipher, (any KeyService)?) {
        let settings = configuration.encryption
        if settings.disabledForBenchmarksOnly {
            logger.warning("segments are stored UNENCRYPTED (benchmark-only setting)")
            return (UnencryptedSegmentCipherForBenchmarksOnly(), nil)
        }
        let service = try makeKeyService(configuration, logger: logger, metrics: metrics)
        try await ensureKeyExists(settings.keyId, in: service, logger: logger)
        let cached = CachingKeyService(
            service, cache: DataKeyCache(capacity: dataKeyCacheCapacity, metrics: metrics),
            unreachableGrace: .milliseconds(settings.kmsUnreachableGraceMs), logger: logger
        )
        return (EnvelopeSegmentCipher(keyService: cached, keyId: settings.keyId), cached)
    }

    /// The key service the configuration names, as the broker and `authctl keys` use it;
    /// its requests count in `metrics`.
    public static func makeKeyService(
        _ configuration: BrokerConfiguration, logger: Logger, metrics: PortcullisMetrics = .off
    ) throws -> any KeyService {
        let settings = configuration.encryption
        switch settings.kms {
        case "local":
            let loaded = try RootKey.load(
                file: settings.rootKeyFile, dataDirectory: configuration.dataDirectory,
                allowDevelopmentKey: settings.allowDevelopmentRootKey
            )
            if let warning = loaded.warning { logger.warning("\(warning)") }
            return try LocalKeyService(dataDirectory: configuration.dataDirectory, rootKey: loaded.rootKey, metrics: metrics)
        case "aws":
            return AWSKeyService(
                configuration: try AWSKeyServiceConfiguration.fromEnvironment(region: settings.awsRegion, endpoint: settings.awsEndpoint),
                metrics: metrics
            )
        default:
            throw BrokerStartupError.unknownKMS(settings.kms)
        }
    }

    /// Creates the segment KEK under its alias the first time a local KMS starts.
    private static func ensureKeyExists(_ keyId: String, in service: any KeyService, logger: Logger) async throws {
        do {
            _ = try await service.describeKey(keyId)
            return
        } catch {
            guard case .keyNotFound = error, keyId.hasPrefix("alias/") else { throw error }
        }
        let alias = String(keyId.dropFirst("alias/".count))
        let created = try await service.createKey(alias: alias, description: "wraps the data keys of Portcullis log segments")
        logger.notice("created the segment encryption key", metadata: ["key": "\(created.keyId)", "alias": "\(keyId)"])
    }
}
