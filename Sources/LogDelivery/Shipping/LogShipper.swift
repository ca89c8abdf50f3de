import AWSSigV4
import AsyncHTTPClient
import Audit
import Foundation
import KeyManagement
import Logging
import SecretHandling
import Synchronization

/// Ships the decision log (`<data-dir>/audit/decisions-NNNNNN.jsonl`) to the
/// configured destinations, each in its own task from its own cursor. It
/// only reads the log's files, so nothing it does can hold up the gateway.
///
/// ```swift
/// let shipper = try LogShipper(configuration: configuration, dataDirectory: dataDirectory, logger: logger)
/// let task = Task { try await shipper.run() }   // cancel it to stop
/// ```
public final class LogShipper: Sendable {
    private let destinations: [@Sendable (HTTPClient) -> any LogDestination]
    private let configuration: LogDeliveryConfiguration
    private let source: DecisionLogSource
    private let cursorDirectory: String
    private let logger: Logger
    private let statuses = Mutex<[String: DeliveryStatus]>([:])

    /// Resolves region, endpoints and credentials now, so that a mistake shows at
    /// startup: the region from the configuration or `AWS_REGION`/`AWS_DEFAULT_REGION`,
    /// each endpoint from the configuration, `AWS_ENDPOINT_URL_<SERVICE>` or
    /// `AWS_ENDPOINT_URL`, credentials from `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, as the KMS client reads them.
    /// Cursors are kept in `cursorDirectory`, by default `<data-dir>/log-delivery`.
    public init(
        configuration: LogDeliveryConfiguration,
        dataDirectory: String,
        cursorDirectory: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger
    ) throws(AWSConfigurationError) {
        self.configuration = configuration
        self.source = DecisionLogSource(directory: AuditDirectory(dataDirectory: dataDirectory))
        self.cursorDirectory = cursorDirectory ?? dataDirectory + "/log-delivery"
        self.logger = logger
        self.destinations = try DestinationFactory(configuration: configuration, environment: environment).all()
    }

    /// Delivers until the task running it is cancelled; throws only when the
    /// cursor directory cannot be made. Call it once.
    public func run() async throws {
        try SecureFile.makeDirectories(cursorDirectory)
        let httpClient = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: HTTPClient.Configuration(
                // A redirect would replay signed requests elsewhere.
                redirectConfiguration: .disallow,
                // The client keeps trying to connect until this passes: short, so that a destination
                // that is down counts as failing (and backs off) within seconds.
                timeout: HTTPClient.Configuration.Timeout(connect: .seconds(3), read: .seconds(30))
            )
        )
        await withTaskGroup(of: Void.self) { group in
            for make in destinations {
                let destination = make(httpClient)
                let shipper = DestinationShipper(
                    destination: destination,
                    source: source,
                    cursor: DeliveryCursor(directory: cursorDirectory, destination: destination.name),
                    limits: destination.limits.capped(atBytes: configuration.batchMaximumBytes),
                    maximumAge: configuration.batchMaximumAge,
                    retry: RetryPolicy(maximumDelay: configuration.retryMaximumDelay),
                    logger: logger,
                    report: { status in self.statuses.withLock { $0[status.destination] = status } }
                )
                group.addTask { await shipper.run() }
            }
        }
        try? await httpClient.shutdown()
    }

    /// Each destination's progress, by name (`cloudwatch`, `s3`, `kinesis`).
    public var status: [String: DeliveryStatus] { statuses.withLock { $0 } }

    /// The furthest behind of the destinations, in seconds of record age.
    public var lagSeconds: Double { status.values.map(\.lagSeconds).max() ?? 0 }

    /// The most any destination has still to deliver, in bytes of log.
    public var pendingBytes: Int { status.values.map(\.pendingBytes).max() ?? 0 }
}
