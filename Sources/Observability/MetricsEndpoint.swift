import Synchronization

/// The metrics port of a running process and its readiness checks, which
/// the process sets as its parts start (`/readyz` answers "starting" until
/// they are).
public final class MetricsEndpoint: Sendable {
    public let metrics: PortcullisMetrics
    public let server: MetricsServer
    private let board: Board

    private final class Board: Sendable {
        let checks = Mutex([ReadinessCheck("startup") { "starting" }])
    }

    /// Binds the metrics port when `settings` name an address; nil otherwise.
    /// - Throws: `MetricsPortError` when the port cannot be bound.
    public static func start(_ settings: MetricsSettings, metrics: PortcullisMetrics) async throws -> MetricsEndpoint? {
        guard let host = settings.listenHost else { return nil }
        let board = Board()
        let server: MetricsServer
        do {
            server = try await MetricsServer.start(host: host, port: settings.listenPort, metrics: metrics) {
                board.checks.withLock { $0 }
            }
        } catch {
            throw MetricsPortError(host: host, port: settings.listenPort, reason: "\(error)")
        }
        return MetricsEndpoint(metrics: metrics, server: server, board: board)
    }

    private init(metrics: PortcullisMetrics, server: MetricsServer, board: Board) {
        self.metrics = metrics
        self.server = server
        self.board = board
    }

    /// Replaces the readiness checks (the "starting" one included).
    public func setReadinessChecks(_ checks: [ReadinessCheck]) {
        board.checks.withLock { $0 = checks }
    }

    public func close() async {
        try? await server.close()
    }
}
