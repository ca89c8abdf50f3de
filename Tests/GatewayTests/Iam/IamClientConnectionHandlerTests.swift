import Authentication
import Authorization
import Foundation
import IamTestTokens
import KafkaProtocol
import NIOCore
import NIOEmbedded
import PolicyStore
import XCTest
@testable import Gateway

/// IAM authentication through the handler in an `EmbeddedChannel`: the
/// bytes a client sends, the policy from a `PolicyHolder` with the secrets
/// installed, the answer and the log line it writes.
final class IamClientConnectionHandlerTests: XCTestCase {
    private struct Missing: Error {
        let what: String
    }

    private func listener(_ policy: PolicyHolder, logs: CapturedLogs) throws -> ListenerContext {
        let cluster = UpstreamCluster(bootstrap: [])
        cluster.learn(apiVersions: SessionFixture.apis.advertised)
        return ListenerContext(
            name: "SASL_SSL_IAM",
            session: IamFixture.configuration(),
            cluster: cluster,
            connector: try UpstreamConnector(security: UpstreamSecurity()),
            policy: policy,
            administration: nil,
            topicNames: TopicNames(),
            decisionLog: nil,
            rewriter: AddressRewriter(nodes: AdvertisedNodes(host: IamFixture.brokerHost, listenerPort: 9098, nodePortBase: nil)),
            requestBudget: RequestMemoryBudget(limit: 256 << 20),
            refusalLog: SharedLogLimiter(),
            upstreamNode: nil,
            logger: logs.logger,
            metrics: .off
        )
    }

    private func exchange(_ kind: IamTokenKind, _ token: IamTestToken, logs: CapturedLogs) throws -> (SaslAuthenticateResponse, EmbeddedChannel) {
        let policy = PolicyHolder(settings: AuthorizationSettings())
        policy.replace(with: IamFixture.snapshot(), iamSecrets: IamFixture.secrets)
        let handler = ClientConnectionHandler(listener: try listener(policy, logs: logs), clientAddress: IPAddress("127.0.0.1")!, clientPort: 40000)
        let channel = EmbeddedChannel(handler: handler, loop: EmbeddedEventLoop())
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40000)).wait()

        try channel.writeInbound(IamFixture.handshake(kind, correlationId: 1))
        try channel.writeInbound(SessionFixture.authenticate(2, token.payload(kind)))
        var written: [ByteBuffer] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { written.append(buffer) }
        guard case .saslHandshake(let handshake)? = IamFixture.response(to: 1, in: written, api: .saslHandshake, version: 1) else {
            throw Missing(what: "SaslHandshake response in \(written.count) writes")
        }
        XCTAssertEqual(handshake.errorCode, 0)
        XCTAssertEqual(handshake.mechanisms, ["OAUTHBEARER", "AWS_MSK_IAM"])
        guard case .saslAuthenticate(let response)? = IamFixture.response(to: 2, in: written, api: .saslAuthenticate, version: 2) else {
            throw Missing(what: "SaslAuthenticate response in \(written.count) writes")
        }
        return (response, channel)
    }

    func testAnIamClientAuthenticatesThroughThePipeline() throws {
        for kind in IamTokenKind.allCases {
            let logs = CapturedLogs()
            let (response, channel) = try exchange(kind, IamFixture.token(kind), logs: logs)
            XCTAssertEqual(response.errorCode, 0, response.errorMessage ?? "")
            XCTAssertEqual(response.sessionLifetimeMs, 900_000)
            if kind == .mskIam {
                XCTAssertTrue(String(decoding: response.authBytes.readableBytesView, as: UTF8.self).contains(#""version":"2020_10_22""#))
            }
            let authenticated = logs.all.first { $0.message == "authenticated" }
            XCTAssertEqual(authenticated?.metadata["principal"], "User:" + IamFixture.arn(user: "alice"), "\(logs.all.map(\.text))")
            _ = try? channel.finish()
        }
    }

    func testARefusedIamClientIsAnsweredAndDisconnected() throws {
        let logs = CapturedLogs()
        let (response, channel) = try exchange(.oauthBearer, IamFixture.token(.oauthBearer, IamFixture.disabledKey), logs: logs)
        XCTAssertEqual(response.errorCode, KafkaErrorCode.saslAuthenticationFailed.rawValue)
        XCTAssertEqual(response.errorMessage, "Access denied")
        XCTAssertFalse(channel.isActive)
        XCTAssertTrue(logs.all.contains { $0.text.contains("disabled-access-key") }, "\(logs.all.map(\.text))")
    }
}
