import DevCluster
import LogDelivery
import Logging
import Observability

/// The decision log's delivery (`log.delivery.*`) as a part of the process:
/// its lag and pending bytes per destination shown at every scrape.
enum LogDeliveryService {
    /// The service, or nil when no destination is configured.
    static func make(
        _ configuration: LogDeliveryConfiguration, dataDirectory: String, metrics: PortcullisMetrics, logger: Logger
    ) throws -> StoppedOnShutdown? {
        guard configuration.isEnabled else { return nil }
        let shipper = try LogShipper(configuration: configuration, dataDirectory: dataDirectory, logger: logger)
        if metrics.logDeliveryLag.isEnabled {
            metrics.beforeEachScrape { metrics in
                for (destination, status) in shipper.status {
                    metrics.logDeliveryLag.set(destination, to: status.lagSeconds)
                    metrics.logDeliveryPending.set(destination, to: Double(status.pendingBytes))
                }
            }
        }
        return StoppedOnShutdown("log-delivery") { try await shipper.run() }
    }
}
