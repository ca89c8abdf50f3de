import Audit
import Logging
import NIOCore
import NIOPosix
import Observability
import PolicyStore
import Usage
import Synchronization

/// The running gateway: its listeners, the upstream probe, and the shared
/// state they use.
public final class GatewayServer: Sendable {
    public let policy: PolicyHolder
    let cluster: UpstreamCluster
    let listeners: [GatewayListener]
    private let probe: UpstreamProbe
    private let storage: UpstreamStorageQuery
    /// The gateway's principal on the upstream as an ACL names it, for the storage sampler's permission
    /// warning: its SASL user, or `User:ANONYMOUS` without SASL or a client certificate; nil when the
    /// upstream's own rules map a client certificate to it.
    private let upstreamPrincipal: String?
    let logger: Logger
    /// Per-node ports, bound as upstream nodes are discovered, by listener index and node id.
    let nodePorts = Mutex<[NodePortKey: any Channel]>([:])
    /// Ends `run` once a shutdown has drained the connections (`shutDown(grace:)`).
    let stopped = AsyncStream.makeStream(of: Void.self)

    struct NodePortKey: Hashable {
        let listener: Int
        let node: Int32
    }

    /// The addresses the listeners' bootstrap ports are bound to, in configuration order.
    public var boundAddresses: [SocketAddress] { listeners.compactMap(\.channel.localAddress) }

    /// Probes the upstream (waiting up to `upstreamWait` for it to answer) and
    /// binds every listener, and the node ports of the nodes known so far.
    /// `store` is the policy store the gateway answers the ACL and SCRAM
    /// credential APIs from; without one (tests) they are answered
    /// UNKNOWN_SERVER_ERROR. `decisionLog` receives every decision (see
    /// `ClientConnectionHandler+Decisions`). `metrics` receives the
    /// gateway's counts (see `ClientConnectionHandler+Metrics`); `usage` the
    /// bytes and records each principal produces and fetches, per topic.
    public static func start(
        _ configuration: GatewayConfiguration,
        policy: PolicyHolder,
        store: PolicyStore?,
        decisionLog: AuditLog?,
        logger: Logger,
        upstreamWait: Duration = .seconds(30),
        metrics: PortcullisMetrics = .off,
        usage: UsageRecorder? = nil
    ) async throws -> GatewayServer {
        let bootstrap = try configuration.upstreamBootstrap.map { text in
            guard let endpoint = UpstreamEndpoint(parsing: text) else { throw GatewayStartupError.badUpstreamAddress(text) }
            return endpoint
        }
        guard !bootstrap.isEmpty else { throw GatewayStartupError.noUpstream }
        let cluster = UpstreamCluster(bootstrap: bootstrap)
        let connector = try UpstreamConnector(security: configuration.upstreamSecurity)
        let probe = UpstreamProbe(cluster: cluster, connector: connector, logger: logger)
        let deadline = ContinuousClock.now + upstreamWait
        while !(await probe.refresh()) {
            guard ContinuousClock.now < deadline else { throw GatewayStartupError.upstreamUnreachable }
            try await Task.sleep(for: .seconds(1))
        }

        let requestBudget = RequestMemoryBudget(limit: configuration.limits.maximumBufferedRequestBytes)
        // Read when scraped: the budget changes with every frame, a scrape comes every few seconds.
        metrics.beforeEachScrape { metrics in
            metrics.memoryBudget.set("in-use", to: Double(requestBudget.inUse))
            metrics.memoryBudget.set("limit", to: Double(requestBudget.limit))
        }
        let topicNames = TopicNames()
        let quotaAccounting = ClientQuotaAccounting(window: configuration.quotas.window)
        let connectionAdmission = ConnectionAdmission(limits: configuration.quotas.connections)
        var listeners: [GatewayListener] = []
        for listener in configuration.listeners {
            let tls = try listener.tls.map { settings throws(ListenerTLSError) in
                try ReloadingTLSContext(settings: settings, listenerName: listener.name, logger: logger)
            }
            let context = ListenerContext(
                name: listener.name,
                session: SessionConfiguration(
                    authentication: listener.authentication, usesTLS: listener.tls != nil,
                    allowsAnonymous: listener.allowsAnonymous, limits: configuration.limits,
                    recordsEveryAllow: configuration.audit.logsEveryAllow, advertisedHost: listener.advertisedHost,
                    principalSlots: configuration.quotas.connections.perPrincipal == nil ? nil : connectionAdmission
                ),
                cluster: cluster,
                connector: connector,
                policy: policy,
                administration: store.map(PolicyAdministration.init),
                topicNames: topicNames,
                decisionLog: decisionLog,
                rewriter: AddressRewriter(nodes: AdvertisedNodes(
                    host: listener.advertisedHost, listenerPort: listener.port, nodePortBase: listener.nodePortBase
                )),
                requestBudget: requestBudget,
                refusalLog: SharedLogLimiter(),
                upstreamNode: nil,
                logger: logger,
                metrics: metrics,
                usage: usage,
                quotaAccounting: quotaAccounting,
                connectionAdmission: connectionAdmission
            )
            let channel = try await GatewayListener.bind(listener, port: listener.port, context: context, tls: tls)
            listeners.append(GatewayListener(configuration: listener, context: context, tls: tls, channel: channel))
        }
        let server = GatewayServer(
            policy: policy, cluster: cluster, listeners: listeners, probe: probe,
            storage: UpstreamStorageQuery(bootstrap: bootstrap, connector: connector),
            upstreamPrincipal: configuration.upstreamSecurity.sasl.map { "User:\($0.username)" }
                ?? (configuration.upstreamSecurity.tls?.certificatePath == nil ? "User:ANONYMOUS" : nil),
            logger: logger
        )
        try await server.bindNodePorts()
        return server
    }

    private init(
        policy: PolicyHolder, cluster: UpstreamCluster, listeners: [GatewayListener], probe: UpstreamProbe,
        storage: UpstreamStorageQuery, upstreamPrincipal: String?, logger: Logger
    ) {
        self.policy = policy
        self.cluster = cluster
        self.listeners = listeners
        self.probe = probe
        self.storage = storage
        self.upstreamPrincipal = upstreamPrincipal
        self.logger = logger
    }

    /// Samples the upstream cluster's storage (per topic: partitions, and the
    /// bytes of each partition's leader) into `usage` now and every `interval`
    /// until cancelled; see `UpstreamStorageQuery`. Failures are logged, never thrown.
    public func sampleStorage(into usage: UsageRecorder, every interval: Duration = UsageRecorder.storageSampleInterval) async {
        await UpstreamStorageSampler(query: storage, usage: usage, principal: upstreamPrincipal, logger: logger).run(interval: interval)
    }

    /// Binds, for every listener with a node port base, the port of each
    /// upstream node not bound yet; connections there go to that node.
    private func bindNodePorts() async throws {
        for (index, listener) in listeners.enumerated() {
            guard let base = listener.configuration.nodePortBase else { continue }
            for node in cluster.nodeIds where nodePorts.withLock({ $0[NodePortKey(listener: index, node: node)] == nil }) {
                let port = base + Int(node)
                guard (1...65535).contains(port), node >= 0 else {
                    logger.error("upstream node has no gateway port", metadata: ["listener": "\(listener.configuration.name)", "node": "\(node)"])
                    continue
                }
                var context = listener.context
                context.upstreamNode = node
                let channel = try await GatewayListener.bind(listener.configuration, port: port, context: context, tls: listener.tls)
                nodePorts.withLock { $0[NodePortKey(listener: index, node: node)] = channel }
                logger.info("node port bound", metadata: ["listener": "\(listener.configuration.name)", "node": "\(node)", "port": "\(port)"])
            }
        }
    }

    /// Keeps the upstream's metadata fresh (binding ports for new nodes) and
    /// the TLS files watched until a shutdown has drained the connections
    /// (`shutDown(grace:)`) or the task is cancelled (which closes the listeners).
    public func run() async {
        await withTaskCancellationHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    await self.probe.run(interval: .seconds(30)) {
                        do {
                            try await self.bindNodePorts()
                        } catch {
                            self.logger.error("could not bind a node port", metadata: ["error": "\(error)"])
                        }
                    }
                }
                for tls in listeners.compactMap(\.tls) { group.addTask { await tls.run() } }
                group.addTask { for await _ in self.stopped.stream { break } }
                // The others run until cancelled: the first to end is the shutdown's signal.
                await group.next()
                group.cancelAll()
            }
        } onCancel: {
            closeListeners()
        }
    }
}

public enum GatewayStartupError: Error, CustomStringConvertible {
    case badUpstreamAddress(String)
    case noUpstream
    case upstreamUnreachable

    public var description: String {
        switch self {
        case .badUpstreamAddress(let text): "'\(text)' is not an upstream address (host:port)"
        case .noUpstream: "no upstream bootstrap server is configured"
        case .upstreamUnreachable: "no upstream bootstrap server answered"
        }
    }
}
