import Authorization
import Authentication
import KafkaProtocol
import NIOCore
import NIOEmbedded
import Observability
import PolicyStore
import XCTest
@testable import Gateway

/// The handler in an `EmbeddedChannel`: that it performs what the machine
/// decides (answers, closes, pauses and resumes reading, follows policy
/// changes, keeps to the memory budget), with no network at all.
final class ClientConnectionHandlerTests: XCTestCase {
    private struct Connection {
        let channel: EmbeddedChannel
        let loop: EmbeddedEventLoop
        let handler: ClientConnectionHandler
        /// Whether the connection reads (EmbeddedChannel reports autoRead as always on).
        var isReading: Bool { handler.machine.isReading }
    }

    private func listener(
        policy: PolicyHolder = PolicyHolder(SessionFixture.alice, settings: SessionFixture.everyoneIfNoAcl),
        budget: RequestMemoryBudget = RequestMemoryBudget(limit: 256 << 20),
        logs: CapturedLogs = CapturedLogs(),
        metrics: PortcullisMetrics = .off,
        session: SessionConfiguration = SessionFixture.configuration()
    ) throws -> ListenerContext {
        let cluster = UpstreamCluster(bootstrap: [])
        cluster.learn(apiVersions: SessionFixture.apis.advertised)
        return ListenerContext(
            name: "SASL_PLAINTEXT",
            session: session,
            cluster: cluster,
            connector: try UpstreamConnector(security: UpstreamSecurity()),
            policy: policy,
            administration: nil,
            topicNames: TopicNames(),
            decisionLog: nil,
            rewriter: AddressRewriter(nodes: AdvertisedNodes(host: "localhost", listenerPort: 9096, nodePortBase: nil)),
            requestBudget: budget,
            refusalLog: SharedLogLimiter(),
            upstreamNode: nil,
            logger: logs.logger,
            metrics: metrics
        )
    }

    private func connect(_ listener: ListenerContext) throws -> Connection {
        let loop = EmbeddedEventLoop()
        let handler = ClientConnectionHandler(listener: listener, clientAddress: IPAddress("127.0.0.1")!, clientPort: 40000)
        let channel = EmbeddedChannel(handler: handler, loop: loop)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40000)).wait()
        return Connection(channel: channel, loop: loop, handler: handler)
    }

    private func responses(_ channel: EmbeddedChannel) throws -> [ByteBuffer] {
        var all: [ByteBuffer] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { all.append(buffer) }
        return all
    }

    func testApiVersionsIsAnsweredBeforeAuthentication() throws {
        let connection = try connect(try listener())
        try connection.channel.writeInbound(SessionFixture.apiVersions(5))
        let answers = try responses(connection.channel)
        XCTAssertEqual(answers.count, 1)
        XCTAssertEqual(answers.first?.getInteger(at: 4, as: Int32.self), 5)
        XCTAssertTrue(connection.channel.isActive)
    }

    /// Fault 5: pipelined requests the gateway answers itself stop being
    /// read while the client does not read, and are read again (from what
    /// was already buffered) once it does.
    func testAClientThatDoesNotReadIsNotRead() throws {
        let connection = try connect(try listener())
        var pipelined = ByteBuffer()
        for id in 1...50 { pipelined.writeImmutableBuffer(SessionFixture.apiVersions(Int32(id))) }
        connection.channel.isWritable = false
        connection.channel.pipeline.fireChannelWritabilityChanged()
        XCTAssertFalse(connection.isReading)
        try connection.channel.writeInbound(pipelined)
        XCTAssertEqual(try responses(connection.channel).count, 0, "nothing cut while paused")

        connection.channel.isWritable = true
        connection.channel.pipeline.fireChannelWritabilityChanged()
        XCTAssertTrue(connection.isReading)
        XCTAssertEqual(try responses(connection.channel).count, 50, "the buffered frames are cut on resume")
    }

    /// Fault 1 through the handler: the policy change reaches the connection
    /// during the exchange, and client-final is refused.
    func testPrincipalRemovedBetweenClientFirstAndClientFinalIsRefused() throws {
        let policy = PolicyHolder(SessionFixture.alice, settings: SessionFixture.everyoneIfNoAcl)
        let connection = try connect(try listener(policy: policy))
        try connection.channel.writeInbound(SessionFixture.handshake(1))
        var client = ScramClientExchange(mechanism: .sha512, username: "alice", password: Array(SessionFixture.password.utf8))
        try connection.channel.writeInbound(SessionFixture.authenticate(2, client.clientFirst()))
        let serverFirst = SessionDriver.saslAuthBytes(in: try responses(connection.channel).map { .write($0) })
        XCTAssertFalse(serverFirst.isEmpty)

        policy.replace(with: SessionFixture.nobody)
        connection.loop.run()
        try connection.channel.writeInbound(SessionFixture.authenticate(3, try client.receiveServerFirst(serverFirst)))
        let answer = try responses(connection.channel)
        let response = try KafkaResponseFrame(decoding: answer[0].getSlice(at: 4, length: answer[0].readableBytes - 4)!,
                                              apiKey: .saslAuthenticate, apiVersion: 2)
        guard case .saslAuthenticate(let body) = response.body else { return XCTFail("not a SaslAuthenticate response") }
        XCTAssertEqual(body.errorCode, KafkaErrorCode.saslAuthenticationFailed.rawValue)
        XCTAssertFalse(connection.channel.isActive)
    }

    /// A SCRAM exchange as alice; returns SaslAuthenticate's last error code.
    private func authenticate(_ connection: Connection) throws -> Int16 {
        try connection.channel.writeInbound(SessionFixture.handshake(1))
        var client = ScramClientExchange(mechanism: .sha512, username: "alice", password: Array(SessionFixture.password.utf8))
        try connection.channel.writeInbound(SessionFixture.authenticate(2, client.clientFirst()))
        let serverFirst = SessionDriver.saslAuthBytes(in: try responses(connection.channel).map { .write($0) })
        try connection.channel.writeInbound(SessionFixture.authenticate(3, try client.receiveServerFirst(serverFirst)))
        let answer = try responses(connection.channel)
        let response = try KafkaResponseFrame(decoding: answer[0].getSlice(at: 4, length: answer[0].readableBytes - 4)!,
                                              apiKey: .saslAuthenticate, apiVersion: 2)
        guard case .saslAuthenticate(let body) = response.body else { throw ChannelError.inappropriateOperationForState }
        return body.errorCode
    }

    /// `max.connections.per.principal`: the handler gives the slot back when its connection ends.
    func testAPrincipalSlotIsGivenBackWhenTheConnectionCloses() throws {
        var limits = ConnectionLimits()
        limits.perPrincipal = 1
        var session = SessionFixture.configuration()
        session.principalSlots = ConnectionAdmission(limits: limits)
        let context = try listener(session: session)
        let first = try connect(context)
        XCTAssertEqual(try authenticate(first), KafkaErrorCode.none.rawValue)
        let second = try connect(context)
        XCTAssertEqual(try authenticate(second), KafkaErrorCode.saslAuthenticationFailed.rawValue)
        XCTAssertFalse(second.channel.isActive)

        try first.channel.close().wait()
        let third = try connect(context)
        XCTAssertEqual(try authenticate(third), KafkaErrorCode.none.rawValue, "the first connection's slot was given back")
        XCTAssertTrue(third.channel.isActive)
    }

    /// A connection the policy closes (its principal disabled) gives its slot back too, so the
    /// principal, enabled again, may connect.
    func testAPrincipalSlotIsGivenBackWhenThePolicyClosesTheConnection() throws {
        var limits = ConnectionLimits()
        limits.perPrincipal = 1
        var session = SessionFixture.configuration()
        session.principalSlots = ConnectionAdmission(limits: limits)
        let policy = PolicyHolder(SessionFixture.alice, settings: SessionFixture.everyoneIfNoAcl)
        let context = try listener(policy: policy, session: session)
        let first = try connect(context)
        XCTAssertEqual(try authenticate(first), KafkaErrorCode.none.rawValue)

        policy.replace(with: SessionFixture.nobody)
        first.loop.run()
        XCTAssertFalse(first.channel.isActive)
        policy.replace(with: SessionFixture.alice)
        let second = try connect(context)
        XCTAssertEqual(try authenticate(second), KafkaErrorCode.none.rawValue, "the closed connection's slot was given back")
        XCTAssertTrue(second.channel.isActive)
    }

    func testAuthenticationTimeoutClosesTheConnection() throws {
        let connection = try connect(try listener())
        connection.loop.advanceTime(by: .seconds(9))
        XCTAssertTrue(connection.channel.isActive)
        connection.loop.advanceTime(by: .seconds(1))
        XCTAssertFalse(connection.channel.isActive)
    }

    /// A shutdown reaches every open connection through the policy's session registry; one
    /// with nothing to answer closes at once (and the handler does not loop asking again).
    func testAShutdownDrainClosesAnIdleConnection() throws {
        let policy = PolicyHolder(SessionFixture.alice, settings: SessionFixture.everyoneIfNoAcl)
        let connection = try connect(try listener(policy: policy))
        XCTAssertEqual(policy.sessions.count, 1)
        policy.sessions.drainAll()
        connection.loop.run()
        XCTAssertFalse(connection.channel.isActive)
        XCTAssertEqual(policy.sessions.count, 0)
    }

    /// The global budget: a second slow frame waits for room, and is read once the first is done.
    func testAFrameThatDoesNotFitTheBudgetWaitsForRoom() throws {
        let budget = RequestMemoryBudget(limit: 40_000)
        let context = try listener(budget: budget)
        let first = try connect(context), second = try connect(context)
        let firstFrame = paddedApiVersions(correlationId: 1, size: 30_000)
        let secondFrame = paddedApiVersions(correlationId: 2, size: 30_000)

        try first.channel.writeInbound(firstFrame.getSlice(at: 0, length: 1000)!)
        XCTAssertEqual(budget.inUse, 30_000)
        try second.channel.writeInbound(secondFrame.getSlice(at: 0, length: 1000)!)
        XCTAssertEqual(budget.inUse, 30_000, "no room for the second frame")
        XCTAssertFalse(second.isReading)

        try first.channel.writeInbound(firstFrame.getSlice(at: 1000, length: firstFrame.readableBytes - 1000)!)
        XCTAssertEqual(try responses(first.channel).count, 1)
        second.loop.run()
        XCTAssertEqual(budget.inUse, 30_000, "the second frame now holds the room")
        XCTAssertTrue(second.isReading)
        try second.channel.writeInbound(secondFrame.getSlice(at: 1000, length: secondFrame.readableBytes - 1000)!)
        XCTAssertEqual(try responses(second.channel).count, 1)
        XCTAssertEqual(budget.inUse, 0)
    }

    /// A connection whose next frame does not fit lets go of the room it held
    /// for the frame it finished, so two waiting connections cannot hold room
    /// from each other.
    func testAConnectionThatMustWaitHoldsNothing() throws {
        let budget = RequestMemoryBudget(limit: 40_000)
        let context = try listener(budget: budget)
        let waiting = try connect(context), other = try connect(context)
        let first = paddedApiVersions(correlationId: 1, size: 10_000)
        let next = paddedApiVersions(correlationId: 2, size: 35_000)
        try waiting.channel.writeInbound(first.getSlice(at: 0, length: 1000)!)
        try other.channel.writeInbound(paddedApiVersions(correlationId: 3, size: 20_000).getSlice(at: 0, length: 1000)!)
        XCTAssertEqual(budget.inUse, 30_000)

        var rest = first.getSlice(at: 1000, length: first.readableBytes - 1000)!
        rest.writeImmutableBuffer(next.getSlice(at: 0, length: 1000)!)
        try waiting.channel.writeInbound(rest)
        XCTAssertEqual(try responses(waiting.channel).count, 1, "the first frame is answered")
        XCTAssertFalse(waiting.isReading, "the next frame does not fit")
        XCTAssertEqual(budget.inUse, 20_000, "the waiting connection holds nothing")
    }

    func testAClosedConnectionGivesBackItsReservation() throws {
        let budget = RequestMemoryBudget(limit: 40_000)
        let connection = try connect(try listener(budget: budget))
        try connection.channel.writeInbound(paddedApiVersions(correlationId: 1, size: 30_000).getSlice(at: 0, length: 1000)!)
        XCTAssertEqual(budget.inUse, 30_000)
        _ = try connection.channel.finish()
        XCTAssertEqual(budget.inUse, 0)
    }

    /// Failed authentications are logged through the listener's limiter.
    func testFailedAuthenticationsAreLoggedWithALimit() throws {
        let logs = CapturedLogs()
        let context = try listener(logs: logs)
        for _ in 0..<30 {
            let connection = try connect(context)
            try connection.channel.writeInbound(SessionFixture.handshake(1, mechanism: .sha512))
            try connection.channel.writeInbound(SessionFixture.authenticate(2, Array("n,,n=nobody,r=abc".utf8)))
            try connection.channel.writeInbound(SessionFixture.authenticate(3, Array("c=biws,r=abcdef,p=AAAA".utf8)))
            _ = try? connection.channel.finish()
        }
        let failures = logs.all.filter { $0.text.contains("SASL authentication failed") }
        XCTAssertEqual(failures.count, 20)
    }

    /// An ApiVersions v0 request of exactly `size` bytes with its length
    /// prefix (the padding is trailing bytes, which Kafka ignores too).
    private func paddedApiVersions(correlationId: Int32, size: Int) -> ByteBuffer {
        var frame = SessionFixture.apiVersions(correlationId)
        let padding = size - frame.readableBytes
        frame.writeRepeatingByte(0, count: padding)
        frame.setInteger(Int32(size - 4), at: 0)
        return frame
    }
}
