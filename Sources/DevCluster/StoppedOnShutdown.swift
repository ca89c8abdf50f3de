import ServiceLifecycle

/// A long-running part of the process as a service that stops when the
/// process shuts down: a graceful shutdown cancels it, and the cancellation
/// it then ends with is its normal end. Parts with work to finish first
/// (the gateway's open connections) handle graceful shutdown themselves.
public struct StoppedOnShutdown: Service, CustomStringConvertible {
    public let description: String
    private let body: @Sendable () async throws -> Void

    public init(_ name: String, _ body: @escaping @Sendable () async throws -> Void) {
        self.description = name
        self.body = body
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown(body)
        } catch is CancellationError {
            // Cancelled because the process is stopping.
        }
    }
}
