import Logging
import ServiceLifecycle

/// How a Portcullis process runs its long-running parts: as one service
/// group, which SIGTERM and SIGINT shut down gracefully — the parts in the
/// reverse of the order given, each after the one before it has stopped —
/// and which cancels whatever is still running once `grace` has passed.
public enum ProcessLifecycle {
    public static let defaultGrace: Duration = .seconds(30)

    public static func run(_ services: [any Service & CustomStringConvertible], grace: Duration, logger: Logger) async throws {
        var configuration = ServiceGroupConfiguration(
            services: services.map { .init(service: $0, serviceName: $0.description) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        configuration.maximumGracefulShutdownDuration = grace
        try await ServiceGroup(configuration: configuration).run()
    }
}
