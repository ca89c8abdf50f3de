import Authentication
import Authorization
import KafkaProtocol
import NIOCore
import NIOEmbedded
import Observability
import PolicyStore
import XCTest
@testable import Gateway

/// A client connection handler in an `EmbeddedChannel`, counting into its
/// own `PortcullisMetrics`, with an upstream stand-in: an `EmbeddedChannel`
/// on the same loop holding the real `UpstreamFrameHandler`, into which a
/// test writes the upstream's responses, whole or in parts.
struct MeteredConnection {
    let metrics: PortcullisMetrics
    let listener: ListenerContext
    let loop = EmbeddedEventLoop()
    let client: EmbeddedChannel
    let handler: ClientConnectionHandler
    private(set) var upstream: EmbeddedChannel?
    private var attached = 0

    static let listenerName = "SASL_PLAINTEXT"
    /// What the upstream advertised: Produce, Fetch (names and ids) and Metadata.
    static let apis: [ApiVersionsResponse.ApiVersion] = [
        .init(apiKey: KafkaApiKey.produce.rawValue, minVersion: 3, maxVersion: 9),
        .init(apiKey: KafkaApiKey.fetch.rawValue, minVersion: 4, maxVersion: 15),
        .init(apiKey: KafkaApiKey.metadata.rawValue, minVersion: 0, maxVersion: 12),
    ]

    init(level: MetricsLevel, settings: AuthorizationSettings = SessionFixture.everyoneIfNoAcl) throws {
        metrics = PortcullisMetrics(level: level)
        let cluster = UpstreamCluster(bootstrap: [])
        cluster.learn(apiVersions: Self.apis)
        listener = ListenerContext(
            name: Self.listenerName,
            session: SessionFixture.configuration(),
            cluster: cluster,
            connector: try UpstreamConnector(security: UpstreamSecurity()),
            policy: PolicyHolder(SessionFixture.alice, settings: settings),
            administration: nil,
            topicNames: TopicNames(),
            decisionLog: nil,
            rewriter: AddressRewriter(nodes: AdvertisedNodes(host: "localhost", listenerPort: 9096, nodePortBase: nil)),
            requestBudget: RequestMemoryBudget(limit: 256 << 20),
            refusalLog: SharedLogLimiter(),
            upstreamNode: nil,
            logger: CapturedLogs().logger,
            metrics: metrics
        )
        handler = ClientConnectionHandler(listener: listener, clientAddress: IPAddress("127.0.0.1")!, clientPort: 40000)
        client = EmbeddedChannel(handler: handler, loop: loop)
        try client.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40000)).wait()
    }

    /// A SCRAM-SHA-512 exchange as alice; the wrong password fails it.
    func authenticate(password: String = SessionFixture.password) throws {
        try client.writeInbound(SessionFixture.handshake(1))
        var scram = ScramClientExchange(mechanism: .sha512, username: "alice", password: Array(password.utf8))
        try client.writeInbound(SessionFixture.authenticate(2, scram.clientFirst()))
        let serverFirst = SessionDriver.saslAuthBytes(in: try responses().map { .write($0) })
        try client.writeInbound(SessionFixture.authenticate(3, try scram.receiveServerFirst(serverFirst)))
        _ = try responses()
    }

    /// Puts the stand-in where the session's upstream connection would be
    /// (the listener knows no broker, so the session's own attempt failed).
    mutating func attachUpstream() throws {
        attached += 1
        let id = UpstreamID(value: 1000 + attached)
        let upstream = EmbeddedChannel(
            handler: UpstreamFrameHandler(client: NIOLoopBound(handler, eventLoop: loop), id: id, maximumResponseSize: 1 << 20),
            loop: loop
        )
        try upstream.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9092)).wait()
        handler.upstreamChannels[id] = upstream
        handler.machine.upstream = .connected(id)
        self.upstream = upstream
    }

    /// Frames the gateway forwarded upstream.
    func forwarded() throws -> [ByteBuffer] {
        var all: [ByteBuffer] = []
        while let buffer = try upstream?.readOutbound(as: ByteBuffer.self) { all.append(buffer) }
        return all
    }

    /// The upstream answers, in `parts` reads.
    func respond(_ frame: ByteBuffer, parts: Int = 1) throws {
        let size = (frame.readableBytes + parts - 1) / parts
        var rest = frame
        while rest.readableBytes > 0 {
            try upstream!.writeInbound(rest.readSlice(length: min(size, rest.readableBytes))!)
        }
    }

    /// What the client was sent, as written.
    func responses() throws -> [ByteBuffer] {
        var all: [ByteBuffer] = []
        while let buffer = try client.readOutbound(as: ByteBuffer.self) { all.append(buffer) }
        return all
    }

    /// The exposition's value of one series (`name{labels}`), nil when it is not shown.
    func value(_ series: String) -> Double? {
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    var exposition: String { String(decoding: metrics.exposition(), as: UTF8.self) }
}
