import Authentication
import Authorization
import Foundation
import KafkaProtocol
import NIOCore
import PolicyStore
import XCTest
@testable import Gateway

/// Builds session machines, the policies and frames they are fed, and reads
/// what their actions say, for tests that drive the machine without a channel.
enum SessionFixture {
    static let password = "correct horse battery staple"
    static let credentials: [ScramMechanism: ScramCredential] = [
        .sha512: try! ScramCredential.generate(mechanism: .sha512, password: Array(password.utf8)),
        .sha256: try! ScramCredential.generate(mechanism: .sha256, password: Array(password.utf8)),
    ]

    /// A policy where each named principal exists (enabled or not) with SCRAM credentials.
    static func policy(_ principals: [String: Bool]) -> PolicySnapshot {
        PolicySnapshot(
            principals: Dictionary(uniqueKeysWithValues: principals.map { name, enabled in
                (name, Principal(name: name, enabled: enabled, superUser: false, createdAt: Date()))
            }),
            scramCredentials: principals.mapValues { _ in credentials }
        )
    }

    static let alice = policy(["alice": true])
    /// These tests are about the session, not authorization (which has tests of its own, with
    /// ACLs): a resource without ACLs is open to every principal here.
    static let everyoneIfNoAcl = AuthorizationSettings(allowEveryoneIfNoAclFound: true)
    static let clientAddress = IPAddress("192.0.2.10")!
    static let nobody = policy([:])

    /// What the upstream advertised: enough to forward Metadata, Heartbeat and Produce.
    static let apis = NegotiatedApis(upstream: [
        .init(apiKey: KafkaApiKey.produce.rawValue, minVersion: 3, maxVersion: 9),
        .init(apiKey: KafkaApiKey.metadata.rawValue, minVersion: 0, maxVersion: 12),
        .init(apiKey: KafkaApiKey.heartbeat.rawValue, minVersion: 0, maxVersion: 4),
    ])

    static func configuration(
        _ authentication: ListenerAuthentication = .sasl([.scram(.sha512), .scram(.sha256)]),
        usesTLS: Bool = false,
        allowsAnonymous: Bool = false,
        sessionLifetime: TimeAmount? = .seconds(60)
    ) -> SessionConfiguration {
        var limits = GatewayLimits()
        limits.sessionLifetime = sessionLifetime
        var configuration = SessionConfiguration(
            authentication: authentication, usesTLS: usesTLS, allowsAnonymous: allowsAnonymous, limits: limits
        )
        configuration.upstreamRenewalPoint = { 0.9 }
        return configuration
    }

    /// A request frame, length prefix included, as a client sends it.
    static func frame(_ body: KafkaRequestBody, version: Int16, correlationId: Int32) -> ByteBuffer {
        let header = RequestHeader(
            requestApiKey: body.apiKey.rawValue, requestApiVersion: version, correlationId: correlationId, clientId: "test"
        )
        var buffer = ByteBuffer()
        try! KafkaRequestFrame(header: header, body: body).encode(into: &buffer)
        return buffer
    }

    static func metadata(_ correlationId: Int32) -> ByteBuffer {
        frame(.metadata(MetadataRequest(topics: [])), version: 4, correlationId: correlationId)
    }

    static func apiVersions(_ correlationId: Int32) -> ByteBuffer {
        frame(.apiVersions(ApiVersionsRequest()), version: 0, correlationId: correlationId)
    }

    static func handshake(_ correlationId: Int32, mechanism: ScramMechanism = .sha512, version: Int16 = 1) -> ByteBuffer {
        frame(.saslHandshake(SaslHandshakeRequest(mechanism: mechanism.rawValue)), version: version, correlationId: correlationId)
    }

    static func authenticate(_ correlationId: Int32, _ token: [UInt8]) -> ByteBuffer {
        frame(.saslAuthenticate(SaslAuthenticateRequest(authBytes: ByteBuffer(bytes: token))), version: 2, correlationId: correlationId)
    }

    /// An upstream response frame answering `correlationId` (the body is not read by the machine).
    static func upstreamResponse(_ correlationId: Int32, size: Int = 16) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(4 + size))
        buffer.writeInteger(correlationId)
        buffer.writeRepeatingByte(0, count: size)
        return buffer
    }
}

/// One machine under test, with a clock, a policy and a log of what it did.
struct SessionDriver {
    var machine: SessionStateMachine
    var now = NIODeadline.uptimeNanoseconds(1_000_000_000)
    var policy: PolicySnapshot
    var apis: NegotiatedApis? = SessionFixture.apis
    var settings = SessionFixture.everyoneIfNoAcl
    var gatewayPolicy: GatewayPolicy { GatewayPolicy(policy, settings: settings) }
    /// Every action, in order.
    var actions: [SessionAction] = []
    /// Armed timers: the latest generation of each.
    var timers: [SessionTimer: (generation: Int, at: NIODeadline)] = [:]

    init(_ configuration: SessionConfiguration = SessionFixture.configuration(), policy: PolicySnapshot = SessionFixture.alice) {
        machine = SessionStateMachine(configuration: configuration, clientAddress: SessionFixture.clientAddress, topicNames: TopicNames())
        self.policy = policy
    }

    @discardableResult
    mutating func record(_ new: [SessionAction]) -> [SessionAction] {
        for action in new {
            if case .schedule(let timer, let generation, let delay) = action { timers[timer] = (generation, now + delay) }
        }
        actions += new
        return new
    }

    @discardableResult
    mutating func accept() -> [SessionAction] { record(machine.accepted(now: now)) }

    @discardableResult
    mutating func send(_ frame: ByteBuffer) -> [SessionAction] {
        record(machine.frameReceived(frame, now: now, policy: gatewayPolicy, apis: apis))
    }

    /// Advances the clock to `timer`'s deadline and fires it.
    @discardableResult
    mutating func fire(_ timer: SessionTimer) -> [SessionAction] {
        guard let armed = timers[timer] else {
            XCTFail("\(timer) is not armed")
            return []
        }
        now = max(now, armed.at)
        timers[timer] = nil
        return record(machine.timerFired(timer, generation: armed.generation, now: now, policy: gatewayPolicy))
    }

    @discardableResult
    mutating func changePolicy(_ newPolicy: PolicySnapshot) -> [SessionAction] {
        policy = newPolicy
        return record(machine.policyChanged(gatewayPolicy))
    }

    /// Runs a SCRAM exchange to its client-first step; returns the client to finish it with.
    mutating func beginScram(
        as user: String = "alice", mechanism: ScramMechanism = .sha512, handshakeVersion: Int16 = 1, correlationId: Int32 = 1
    ) -> (ScramClientExchange, serverFirst: [UInt8]) {
        send(SessionFixture.handshake(correlationId, mechanism: mechanism, version: handshakeVersion))
        var client = ScramClientExchange(mechanism: mechanism, username: user, password: Array(SessionFixture.password.utf8))
        let sent = send(SessionFixture.authenticate(correlationId + 1, client.clientFirst()))
        let serverFirst = Self.saslAuthBytes(in: sent)
        return (client, serverFirst)
    }

    /// Completes the exchange begun by `beginScram`.
    @discardableResult
    mutating func finishScram(_ begun: (ScramClientExchange, serverFirst: [UInt8]), correlationId: Int32 = 3) -> [SessionAction] {
        var client = begun.0
        let clientFinal = try! client.receiveServerFirst(begun.serverFirst)
        return send(SessionFixture.authenticate(correlationId, clientFinal))
    }

    /// A whole authentication as `user`, and the upstream connected.
    mutating func authenticate(as user: String = "alice") {
        finishScram(beginScram(as: user))
        if case .connecting(let id, _) = machine.upstream { record(machine.upstreamConnected(id, sessionLifetime: nil)) }
    }

    /// A driver whose machine serves alice, its upstream connected.
    static func authenticated() -> SessionDriver {
        var driver = SessionDriver()
        driver.accept()
        driver.authenticate()
        return driver
    }

    var upstreamID: UpstreamID? { machine.upstream.id }

    // MARK: Reading actions

    var written: [ByteBuffer] {
        actions.compactMap { if case .write(let bytes) = $0 { bytes } else { nil } }
    }

    var forwarded: [ByteBuffer] {
        actions.flatMap { action -> [ByteBuffer] in
            switch action {
            case .forward(let frame, _): [frame]
            case .forwardAll(let frames, _): frames
            default: []
            }
        }
    }

    var closeReason: String? {
        actions.lazy.compactMap { if case .close(let reason, _) = $0 { reason } else { nil } }.first
    }

    /// The correlation ids of the responses written to the client, in order (raw SASL tokens excepted).
    var answeredCorrelationIds: [Int32] {
        written.compactMap { $0.getInteger(at: $0.readerIndex + 4, as: Int32.self) }
    }

    /// The error code of the SaslAuthenticate response among `actions`, and its auth bytes.
    static func saslAuthBytes(in actions: [SessionAction]) -> [UInt8] {
        for case .write(let bytes) in actions {
            guard let response = try? KafkaResponseFrame(
                decoding: bytes.getSlice(at: bytes.readerIndex + 4, length: bytes.readableBytes - 4)!,
                apiKey: .saslAuthenticate, apiVersion: 2
            ), case .saslAuthenticate(let body) = response.body else { continue }
            return Array(body.authBytes.readableBytesView)
        }
        return []
    }

    /// The error code each written response of `api` carries at its top level.
    func errorCodes(of api: KafkaApiKey, version: Int16) -> [Int16] {
        written.compactMap { bytes in
            guard let response = try? KafkaResponseFrame(
                decoding: bytes.getSlice(at: bytes.readerIndex + 4, length: bytes.readableBytes - 4)!, apiKey: api, apiVersion: version
            ) else { return nil }
            switch response.body {
            case .saslAuthenticate(let body): return body.errorCode
            case .saslHandshake(let body): return body.errorCode
            case .apiVersions(let body): return body.errorCode
            case .heartbeat(let body): return body.errorCode
            default: return nil
            }
        }
    }
}
