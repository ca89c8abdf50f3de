import DevCluster
import LogDelivery
import Logging
import Observability
import Synchronization

/// The logs' delivery (`log.delivery.*`) as a part of the process: its lag,
/// pending bytes and bytes lost to rotation per destination shown at every scrape.
enum LogDeliveryService {
    /// The service, or nil when no destination is configured. The service log
    /// is delivered from `serviceLogDirectory` when `log.delivery.logs` has it.
    static func make(
        _ configuration: LogDeliveryConfiguration, dataDirectory: String, serviceLogDirectory: String?,
        metrics: PortcullisMetrics, logger: Logger
    ) throws -> StoppedOnShutdown? {
        guard configuration.isEnabled else { return nil }
        let shipper = try LogShipper(
            configuration: configuration, dataDirectory: dataDirectory, serviceLogDirectory: serviceLogDirectory, logger: logger
        )
        if metrics.logDeliveryLag.isEnabled {
            metrics.beforeEachScrape { metrics in
                for (destination, status) in shipper.status {
                    metrics.logDeliveryLag.set(destination, to: status.lagSeconds)
                    metrics.logDeliveryPending.set(destination, to: Double(status.pendingBytes))
                }
            }
        }
        if metrics.logDeliverySkipped.isEnabled {
            let reported = SkippedBytes()
            metrics.beforeEachScrape { metrics in
                for (destination, status) in shipper.status {
                    // By 0 too: the series shows from the first scrape.
                    metrics.logDeliverySkipped.increment(destination, by: reported.update(destination, to: status.skippedBytes))
                }
            }
        }
        return StoppedOnShutdown("log-delivery") { try await shipper.run() }
    }
}

/// What of each destination's skipped bytes the counter already has.
private final class SkippedBytes: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    /// The increase since the last call for `destination`.
    func update(_ destination: String, to total: Int) -> Int {
        counts.withLock { counts in
            defer { counts[destination] = total }
            return total - (counts[destination] ?? 0)
        }
    }
}
