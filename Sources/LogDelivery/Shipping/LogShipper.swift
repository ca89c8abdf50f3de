import AWSSigV4
import AsyncHTTPClient
import Audit
import Foundation
import KeyManagement
import Logging
import NIOPosix
import SecretHandling
import Synchronization

/// Ships the decision log (`<data-dir>/audit/decisions-NNNNNN.jsonl`) and, when
/// configured, the service log (`service-NNNNNN.jsonl` in its directory) to the
/// configured destinations, each log to each destination in its own task from
/// its own cursor. It only reads the logs' files, so nothing it does can hold up
/// the gateway, and its HTTP connections live on an event loop of their own, so
/// an upload never runs on a thread that serves client connections.
///
/// ```swift
/// let shipper = try LogShipper(configuration: configuration, dataDirectory: dataDirectory, logger: logger)
/// let task = Task { try await shipper.run() }   // cancel it to stop
/// ```
public final class LogShipper: Sendable {
    private let destinations: [(source: any LogSource, logName: String, make: @Sendable (HTTPClient) -> any LogDestination)]
    private let configuration: LogDeliveryConfiguration
    private let cursorDirectory: String
    private let logger: Logger
    private let statuses = Mutex<[String: DeliveryStatus]>([:])

    /// Resolves region, endpoints and credentials now, so that a mistake shows at
    /// startup: the region from the configuration or `AWS_REGION`/`AWS_DEFAULT_REGION`,
    /// each endpoint from the configuration, `AWS_ENDPOINT_URL_<SERVICE>` or
    /// `AWS_ENDPOINT_URL`, credentials from `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, as the KMS client reads them.
    /// Cursors are kept in `cursorDirectory`, by default `<data-dir>/log-delivery`.
    /// The service log is delivered when the configuration's `logs` has it and
    /// `serviceLogDirectory` says where its files are.
    public init(
        configuration: LogDeliveryConfiguration,
        dataDirectory: String,
        serviceLogDirectory: String? = nil,
        cursorDirectory: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger
    ) throws(AWSConfigurationError) {
        self.configuration = configuration
        self.cursorDirectory = cursorDirectory ?? dataDirectory + "/log-delivery"
        self.logger = logger
        let factory = DestinationFactory(configuration: configuration, environment: environment)
        let decisions = DecisionLogSource(directory: AuditDirectory(dataDirectory: dataDirectory))
        var destinations = try factory.all(for: .decisions).map { (source: decisions as any LogSource, logName: "decision log", make: $0) }
        if let serviceLogDirectory {
            let service = ServiceLogSource(directory: serviceLogDirectory)
            destinations += try factory.all(for: .service).map { (source: service as any LogSource, logName: "service log", make: $0) }
        }
        self.destinations = destinations
    }

    /// Delivers until the task running it is cancelled; throws only when the
    /// cursor directory cannot be made. Call it once.
    public func run() async throws {
        try SecureFile.makeDirectories(cursorDirectory)
        // One thread is plenty for a few destinations' uploads; the shared singleton group's
        // threads serve the gateway's client connections.
        let eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let httpClient = HTTPClient(
            eventLoopGroup: eventLoops,
            configuration: HTTPClient.Configuration(
                // A redirect would replay signed requests elsewhere.
                redirectConfiguration: .disallow,
                // The client keeps trying to connect until this passes: short, so that a destination
                // that is down counts as failing (and backs off) within seconds.
                timeout: HTTPClient.Configuration.Timeout(connect: .seconds(3), read: .seconds(30))
            )
        )
        await withTaskGroup(of: Void.self) { group in
            for (source, logName, make) in destinations {
                let destination = make(httpClient)
                let shipper = DestinationShipper(
                    destination: destination,
                    source: source,
                    logName: logName,
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
        try? await eventLoops.shutdownGracefully()
    }

    /// Each destination's progress, by name (`cloudwatch`, `s3`, `kinesis`; `s3-service` … for the service log).
    public var status: [String: DeliveryStatus] { statuses.withLock { $0 } }

    /// The furthest behind of the destinations, in seconds of record age.
    public var lagSeconds: Double { status.values.map(\.lagSeconds).max() ?? 0 }

    /// The most any destination has still to deliver, in bytes of log.
    public var pendingBytes: Int { status.values.map(\.pendingBytes).max() ?? 0 }
}
