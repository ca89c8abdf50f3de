import Gateway
import ServiceLifecycle

/// The gateway as a service: started when the group runs, and on a graceful
/// shutdown drained (`GatewayServer.shutDown`): no new connections, each open
/// one answers what it has read and closes, within `grace`.
public struct GatewayService: Service, CustomStringConvertible {
    public let description = "gateway"
    private let start: @Sendable () async throws -> GatewayServer
    private let grace: Duration

    public init(grace: Duration, start: @escaping @Sendable () async throws -> GatewayServer) {
        self.start = start
        self.grace = grace
    }

    public func run() async throws {
        let gateway: GatewayServer
        do {
            gateway = try await cancelWhenGracefulShutdown(start)
        } catch is CancellationError {
            return  // shut down before it had started
        }
        await withGracefulShutdownHandler {
            await gateway.run()
        } onGracefulShutdown: { [grace] in
            Task { await gateway.shutDown(grace: grace) }
        }
    }
}
