import Foundation
import KafkaProtocol
import KeyManagement
import Logging
import NIOCore
import Observability

/// The embedded single-node broker: its listener, topics, groups and logs,
/// wired together over one data directory.
public struct EmbeddedBroker: Sendable {
    public let configuration: BrokerConfiguration
    private let server: BrokerServer
    private let coordinator: GroupCoordinator
    let logs: LogManager
    let topics: TopicRegistry
    /// The KMS the segments' keys come from (nil only with encryption disabled for benchmarks);
    /// `portcullis dev` keeps its decision log's checkpoint key there too.
    public let keyService: (any KeyService)?
    private let bound: [(BrokerServer.Listener, BoundListener)]
    /// Every listener, bound (ports are real even when 0 was asked for), in configuration order.
    public var listeners: [BoundListener] { bound.map(\.1) }
    /// The first listener's bound address.
    public var boundAddress: SocketAddressSpec { listeners[0].bound }

    /// Opens the data directory and binds the listener; `run()` then serves.
    /// `metrics` gets the KMS requests, data-key cache hits, partitions and log sizes.
    public init(configuration: BrokerConfiguration, logger: Logger, metrics: PortcullisMetrics = .off) async throws {
        guard !configuration.listeners.isEmpty else { throw BrokerStartupError.noListeners }
        let data = URL(fileURLWithPath: configuration.dataDirectory, isDirectory: true)
        let meta = data.appendingPathComponent("meta", isDirectory: true)
        let topics = try TopicRegistry(metaDirectory: meta)
        let coordinator = GroupCoordinator(
            settings: configuration.groups,
            store: try GroupStore(directory: meta.appendingPathComponent("groups", isDirectory: true)),
            logger: logger
        )
        let (cipher, keyService) = try await SegmentCipherFactory.make(configuration, logger: logger, metrics: metrics)
        let logs = LogManager(dataDirectory: configuration.dataDirectory, cipher: cipher, defaults: configuration.log, logger: logger)
        await logs.openAll(await topics.all)
        let partitions = PartitionDirectory(topics: topics, logs: logs, configuration: configuration)
        let handlers = RequestHandlers(
            cluster: ClusterHandlers(configuration: configuration, topics: topics, logs: logs),
            groups: GroupHandlers(coordinator: coordinator),
            coordinator: coordinator,
            produce: ProduceHandler(partitions: partitions, logger: logger),
            fetch: FetchHandler(partitions: partitions, logger: logger),
            listOffsets: ListOffsetsHandler(partitions: partitions),
            producerIds: ProducerIdHandler(allocator: try ProducerIdAllocator(metaDirectory: meta)),
            configs: DescribeConfigsHandler(topics: topics, configuration: configuration),
            logDirs: DescribeLogDirsHandler(topics: topics, logs: logs, configuration: configuration)
        )
        let server = BrokerServer(
            dispatcher: RequestDispatcher(handlers: handlers, logger: logger),
            maximumFrame: configuration.socketRequestMaxBytes, logger: logger
        )
        var bound: [(BrokerServer.Listener, BoundListener)] = []
        do {
            for listener in configuration.listeners {
                bound.append(try await server.bind(listener))
            }
        } catch {
            for (channel, _) in bound { try? await channel.channel.close() }
            throw error
        }
        BrokerMetricsReporter.register(in: metrics, topics: topics, logs: logs)
        self.configuration = configuration
        self.coordinator = coordinator
        self.logs = logs
        self.topics = topics
        self.keyService = keyService
        self.bound = bound
        self.server = server
    }

    /// Serves until the task is cancelled, then closes the logs.
    public func run() async throws {
        await coordinator.start()
        let retention = Task { [logs, interval = configuration.retentionCheckIntervalMs] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(interval))
                await logs.enforceRetention()
            }
        }
        defer {
            retention.cancel()
        }
        do {
            try await server.serve(bound)
        } catch {
            await shutDown()
            throw error
        }
        await shutDown()
    }

    private func shutDown() async {
        await coordinator.stop()
        await logs.closeAll()
        try? await keyService?.shutdown()
    }
}
