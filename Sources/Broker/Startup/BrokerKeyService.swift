import Foundation
import KeyManagement
import Logging
import Observability

/// The key service of a broker found by its data directory (and its
/// configuration file, when that names another KMS or root key), as the
/// processes beside it reach it: `authctl keys`, `authctl audit verify`, and
/// a gateway keeping its decision log's checkpoint key there. Never makes a
/// development root key: it uses the broker's, if there is one. Its KMS
/// requests count in `metrics`.
public enum BrokerKeyService {
    public static func open(
        dataDirectory: String, configFile: String?, logger: Logger, metrics: PortcullisMetrics = .off
    ) throws -> (service: any KeyService, configuration: BrokerConfiguration) {
        var configuration = BrokerConfiguration()
        configuration.dataDirectory = dataDirectory
        configuration.encryption.allowDevelopmentRootKey = FileManager.default.fileExists(atPath: dataDirectory + "/keys/root.key")
        if let configFile {
            try configuration.apply(properties: try String(contentsOfFile: configFile, encoding: .utf8))
        }
        return (try SegmentCipherFactory.makeKeyService(configuration, logger: logger, metrics: metrics), configuration)
    }
}
