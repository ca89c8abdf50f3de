import Authentication
import Authorization
import Crypto
import Foundation
import IamTestTokens
import KafkaProtocol
import KeyManagement
import NIOCore
import PolicyStore
import XCTest
@testable import Gateway

/// IAM users, roles, keys and policies in one snapshot, tokens for them, and
/// a machine fed with them: the gateway's IAM sessions without a network.
enum IamFixture {
    static let signedAt = IamTestToken.defaultSignedAt
    /// The listener's advertised host: what AWS_MSK_IAM clients sign.
    static let brokerHost = "b-1.portcullis.example.com"
    /// What AWS's OAUTHBEARER signer signs in us-east-1.
    static let serviceHost = "kafka.us-east-1.amazonaws.com"

    static let aliceKey = "AKIAALICEKEY00000001"
    static let aliceSecondKey = "AKIAALICEKEY00000002"
    static let bobKey = "AKIABOBKEY0000000001"
    static let malloryKey = "AKIAMALLORYKEY000001"
    static let disabledKey = "AKIADISABLEDKEY00001"
    /// In the snapshot, but its secret did not open: absent from `secrets`.
    static let unopenedKey = "AKIAUNOPENEDKEY00001"
    static let unknownKey = "AKIANOSUCHKEY0000001"
    static let roleKey = "ASIAREADERSESSION001"
    static let roleSessionToken = "FwoGZXIvYXdzEPortcullis/Reader+Session/Token=="
    /// The role session's credentials end 10 minutes after the token is signed, before its 15.
    static let roleCredentialsExpireAt = signedAt.addingTimeInterval(600)

    static func arn(user: String) -> String { "arn:aws:iam::000000000000:user/\(user)" }
    static func secret(of accessKeyId: String) -> String { "secret+of/\(accessKeyId)/0123456789abcdef" }

    /// Any sealed value: the machine is given opened secrets, never sealed ones.
    static let sealed = SealedSecret(
        wrappedKey: WrappedKey(keyId: "alias/portcullis-iam", keyVersion: 1, ciphertext: [1, 2, 3]), ciphertext: [4, 5, 6]
    )

    static let alicePolicy = """
        {"Version":"2012-10-17","Statement":[
          {"Sid":"Connect","Effect":"Allow","Action":"kafka-cluster:Connect","Resource":"*"},
          {"Sid":"WriteTopics","Effect":"Allow","Action":["kafka-cluster:DescribeTopic","kafka-cluster:WriteData"],
           "Resource":["arn:aws:kafka:us-east-1:000000000000:topic/portcullis/*/orders",
                       "arn:aws:kafka:us-east-1:000000000000:topic/portcullis/*/secret"]},
          {"Sid":"NoSecretWrites","Effect":"Deny","Action":"kafka-cluster:WriteData",
           "Resource":"arn:aws:kafka:us-east-1:000000000000:topic/portcullis/*/secret"}]}
        """
    /// Alice's policy with `orders` no longer writable.
    static let aliceEditedPolicy = """
        {"Version":"2012-10-17","Statement":[
          {"Sid":"Connect","Effect":"Allow","Action":"kafka-cluster:Connect","Resource":"*"},
          {"Sid":"NoMoreOrders","Effect":"Deny","Action":"kafka-cluster:WriteData",
           "Resource":"arn:aws:kafka:us-east-1:000000000000:topic/portcullis/*/orders"}]}
        """
    static let connectOnlyPolicy = """
        {"Version":"2012-10-17","Statement":[{"Sid":"Connect","Effect":"Allow","Action":"kafka-cluster:Connect","Resource":"*"}]}
        """
    static let withoutConnectPolicy = """
        {"Version":"2012-10-17","Statement":[{"Sid":"WriteOnly","Effect":"Allow","Action":"kafka-cluster:WriteData","Resource":"*"}]}
        """
    static let readerPolicy = """
        {"Version":"2012-10-17","Statement":[
          {"Sid":"Connect","Effect":"Allow","Action":"kafka-cluster:Connect","Resource":"*"},
          {"Sid":"Reports","Effect":"Allow","Action":["kafka-cluster:DescribeTopic","kafka-cluster:WriteData"],
           "Resource":"arn:aws:kafka:us-east-1:000000000000:topic/portcullis/*/reports"}]}
        """

    static func key(_ id: String, _ owner: IamKeyOwner, enabled: Bool = true) -> IamAccessKey {
        let isSession = if case .roleSession = owner { true } else { false }
        return IamAccessKey(
            accessKeyId: id, owner: owner, enabled: enabled, createdAt: signedAt.addingTimeInterval(-86400),
            expiresAt: isSession ? roleCredentialsExpireAt : nil,
            sessionTokenSHA256: isSession ? Array(SHA256.hash(data: Array(roleSessionToken.utf8))) : nil,
            sealedSecret: sealed
        )
    }

    static let keys: [IamAccessKey] = [
        key(aliceKey, .user("alice")), key(aliceSecondKey, .user("alice")), key(bobKey, .user("bob")),
        key(malloryKey, .user("mallory")), key(disabledKey, .user("alice"), enabled: false), key(unopenedKey, .user("alice")),
        key(roleKey, .roleSession(role: "reader", session: "nightly-batch")),
    ]

    static func iam(
        keys: [IamAccessKey] = keys, users: [String] = ["alice", "bob", "mallory"], alicePolicy: String = alicePolicy
    ) -> IamSnapshot {
        IamSnapshot(
            users: Dictionary(uniqueKeysWithValues: users.map { ($0, IamUser(name: $0, createdAt: signedAt)) }),
            roles: ["reader": IamRole(name: "reader", createdAt: signedAt)],
            accessKeys: Dictionary(uniqueKeysWithValues: keys.map { ($0.accessKeyId, $0) }),
            policies: [
                "AliceAccess": alicePolicy, "ConnectOnly": connectOnlyPolicy, "WithoutConnect": withoutConnectPolicy,
                "ReaderAccess": readerPolicy,
            ],
            userPolicies: ["alice": ["AliceAccess"], "bob": ["ConnectOnly"], "mallory": ["WithoutConnect"]],
            rolePolicies: ["reader": ["ReaderAccess"]]
        )
    }

    static func snapshot(_ iam: IamSnapshot = iam()) -> PolicySnapshot {
        PolicySnapshot(principals: [:], scramCredentials: [:], iam: iam)
    }

    /// The opened secret of every key but `unopenedKey`.
    static let secrets: [String: SymmetricKey] = Dictionary(uniqueKeysWithValues: keys.map(\.accessKeyId)
        .filter { $0 != unopenedKey }.map { ($0, SymmetricKey(data: Array(secret(of: $0).utf8))) })

    /// A token of `kind` for `accessKeyId`, right in every way unless `change` says otherwise.
    static func token(_ kind: IamTokenKind, _ accessKeyId: String = aliceKey, _ change: (inout IamTestToken) -> Void = { _ in }) -> IamTestToken {
        var token = IamTestToken()
        token.accessKeyId = accessKeyId
        token.secret = secret(of: accessKeyId)
        token.host = kind == .oauthBearer ? serviceHost : brokerHost
        if accessKeyId == roleKey { token.sessionToken = roleSessionToken }
        change(&token)
        return token
    }

    /// An IAM listener offering `kinds`, whose wall clock reads `now`.
    static func configuration(
        _ kinds: [IamTokenKind] = IamTokenKind.allCases, sessionLifetime: TimeAmount? = nil, now: Date = signedAt
    ) -> SessionConfiguration {
        var limits = GatewayLimits()
        limits.sessionLifetime = sessionLifetime
        var configuration = SessionConfiguration(
            authentication: .sasl(kinds.map { .iam($0) }), usesTLS: false, allowsAnonymous: false, limits: limits
        )
        configuration.advertisedHost = brokerHost
        configuration.wallClock = { now }
        configuration.upstreamRenewalPoint = { 0.9 }
        return configuration
    }

    static func handshake(_ kind: IamTokenKind, correlationId: Int32, version: Int16 = 1) -> ByteBuffer {
        SessionFixture.frame(.saslHandshake(SaslHandshakeRequest(mechanism: kind.mechanismName)), version: version, correlationId: correlationId)
    }

    static func produce(_ topic: String, correlationId: Int32) -> ByteBuffer {
        SessionFixture.frame(AuthorizationFixture.produce([topic]), version: 9, correlationId: correlationId)
    }

    /// The response among `frames` that answers `correlationId`, decoded as `api` in `version`.
    static func response(to correlationId: Int32, in frames: [ByteBuffer], api: KafkaApiKey, version: Int16) -> KafkaResponseBody? {
        for bytes in frames where bytes.getInteger(at: bytes.readerIndex + 4, as: Int32.self) == correlationId {
            return try? KafkaResponseFrame(
                decoding: bytes.getSlice(at: bytes.readerIndex + 4, length: bytes.readableBytes - 4)!, apiKey: api, apiVersion: version
            ).body
        }
        return nil
    }
}

/// One machine on an IAM listener, with its clock, its policy (secrets
/// opened) and every action it asked for.
struct IamSessionDriver {
    var machine: SessionStateMachine
    var now = NIODeadline.uptimeNanoseconds(1_000_000_000)
    var settings: AuthorizationSettings
    var policy: GatewayPolicy
    var actions: [SessionAction] = []
    private var nextCorrelationId: Int32 = 1

    init(
        _ configuration: SessionConfiguration = IamFixture.configuration(), snapshot: PolicySnapshot = IamFixture.snapshot(),
        secrets: [String: SymmetricKey] = IamFixture.secrets, settings: AuthorizationSettings = AuthorizationSettings()
    ) {
        machine = SessionStateMachine(configuration: configuration, clientAddress: SessionFixture.clientAddress, topicNames: TopicNames())
        self.settings = settings
        policy = GatewayPolicy(snapshot, settings: settings, iamSecrets: secrets)
        actions = machine.accepted(now: now)
    }

    /// A driver whose machine uses `policy` as it is (a `PolicyHolder`'s).
    init(_ configuration: SessionConfiguration, policy: GatewayPolicy) {
        machine = SessionStateMachine(configuration: configuration, clientAddress: SessionFixture.clientAddress, topicNames: TopicNames())
        settings = AuthorizationSettings()
        self.policy = policy
        actions = machine.accepted(now: now)
    }

    mutating func correlationId() -> Int32 {
        defer { nextCorrelationId += 1 }
        return nextCorrelationId
    }

    @discardableResult
    mutating func send(_ frame: ByteBuffer) -> [SessionAction] {
        let new = machine.frameReceived(frame, now: now, policy: policy, apis: SessionFixture.apis)
        actions += new
        return new
    }

    @discardableResult
    mutating func changePolicy(_ snapshot: PolicySnapshot, secrets: [String: SymmetricKey] = IamFixture.secrets) -> [SessionAction] {
        policy = GatewayPolicy(snapshot, settings: settings, iamSecrets: secrets)
        let new = machine.policyChanged(policy)
        actions += new
        return new
    }

    /// SaslHandshake for `kind`, then one SaslAuthenticate with `token`: its response.
    @discardableResult
    mutating func authenticate(_ kind: IamTokenKind, _ token: IamTestToken) -> SaslAuthenticateResponse? {
        send(IamFixture.handshake(kind, correlationId: correlationId()))
        let id = correlationId()
        let new = send(SessionFixture.authenticate(id, token.payload(kind)))
        guard case .saslAuthenticate(let response)? = IamFixture.response(to: id, in: Self.written(new), api: .saslAuthenticate, version: 2)
        else { return nil }
        return response
    }

    /// The upstream the first session asked for, connected.
    mutating func connectUpstream() {
        if case .connecting(let id, _) = machine.upstream { actions += machine.upstreamConnected(id, sessionLifetime: nil) }
    }

    /// The latest arming of `timer` among the actions, fired at its deadline.
    @discardableResult
    mutating func fire(_ timer: SessionTimer) -> [SessionAction] {
        var armed: (generation: Int, after: TimeAmount)?
        for case .schedule(timer, let generation, let after) in actions { armed = (generation, after) }
        guard let armed else {
            XCTFail("\(timer) was never armed")
            return []
        }
        now = now + armed.after
        let new = machine.timerFired(timer, generation: armed.generation, now: now, policy: policy)
        actions += new
        return new
    }

    /// The upstream's answer to the forwarded request `correlationId` (responses go to the client in order).
    mutating func upstreamResponds(_ correlationId: Int32) {
        guard let id = machine.upstream.id else { return XCTFail("no upstream") }
        actions += machine.upstreamResponded(id, frame: SessionFixture.upstreamResponse(correlationId)) { frame, _ in (frame, []) }
    }

    static func written(_ actions: [SessionAction]) -> [ByteBuffer] {
        actions.compactMap { if case .write(let bytes) = $0 { bytes } else { nil } }
    }

    var written: [ByteBuffer] { Self.written(actions) }

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

    var authentications: [AuthenticationToRecord] {
        actions.compactMap { if case .recordAuthentication(let attempt) = $0 { attempt } else { nil } }
    }

    var decisions: [DecisionsToRecord] {
        actions.compactMap { if case .record(let decisions) = $0 { decisions } else { nil } }
    }

    var session: Session? {
        if case .serving(let session) = machine.state { session } else { nil }
    }

    /// The produce response's error code for its one partition, when the gateway answered `correlationId` itself.
    func produceError(_ correlationId: Int32) -> Int16? {
        guard case .produce(let response)? = IamFixture.response(to: correlationId, in: written, api: .produce, version: 9) else { return nil }
        return response.responses.first?.partitionResponses.first?.errorCode
    }
}
