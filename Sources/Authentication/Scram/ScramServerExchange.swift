import Crypto
import SecretHandling

/// The server side of one SCRAM-SHA-256/512 authentication (RFC 5802, RFC 7677), as Kafka's
/// ScramSaslServer runs it inside SaslAuthenticate, with its gaps closed: the client-final nonce and
/// channel binding are checked, and an unknown user fails exactly like a wrong password.
///
///     awaitingClientFirst ──client-first──▶ awaitingClientFinal ──client-final──▶ completed
///              │                                     │
///              └──────────── any error ──────────────┴──▶ failed (every later message is refused)
///
/// One value serves one exchange; re-authentication starts a new one.
public struct ScramServerExchange: Sendable {
    /// Finds the stored credential of a username (already saslname-decoded), or nil if there is none.
    public typealias CredentialLookup = @Sendable (_ username: String) -> ScramCredential?

    /// The largest client message parsed, in bytes. Real clients send under 300 (a SCRAM-SHA-512
    /// client-final is about 200 plus the gs2 header); 1 KiB leaves room for usernames of some
    /// 400 bytes together with an authzid, and bounds the work an unauthenticated peer can cause.
    public static let maximumClientMessageSize = 1024

    /// Keys the stand-in credentials of unknown users. Random per process: a caller that wants an unknown
    /// user's salt to survive restarts (as a real user's does) passes its own persisted secret.
    public static let processUnknownUserSecret = SymmetricKey(size: .bits256)

    public let mechanism: ScramMechanism
    /// The username the client claimed in its first message, authenticated or not, for the decision log.
    public private(set) var claimedUsername: String?

    private let credentials: CredentialLookup
    private let unknownUserSecret: SymmetricKey
    private let serverNonce: String
    private var state = State.awaitingClientFirst

    private enum State {
        case awaitingClientFirst
        case awaitingClientFinal(ServerFirstSent)
        case completed
        case failed
    }

    /// The state's name, for renderings that must not show what the state holds.
    var step: String {
        switch state {
        case .awaitingClientFirst: "awaiting client-first"
        case .awaitingClientFinal: "awaiting client-final"
        case .completed: "completed"
        case .failed: "failed"
        }
    }

    /// What the client-final message is checked against.
    private struct ServerFirstSent {
        let clientFirst: ScramClientFirstMessage
        let serverFirst: [UInt8]
        let combinedNonce: [UInt8]
        /// librdkafka before 2.6.1 puts its client nonce in front of the combined nonce once more
        /// (confluentinc/librdkafka#4895). This exact form, and no other prefix, is accepted too:
        /// it is fixed by the client's own first message, so it gives a client no freedom that
        /// Kafka 3.8's `endsWith` check gave, and the proof still covers the message as sent.
        let librdkafkaLegacyNonce: [UInt8]
        let credential: ScramCredential
    }

    public init(
        mechanism: ScramMechanism,
        credentials: @escaping CredentialLookup,
        unknownUserSecret: SymmetricKey = ScramServerExchange.processUnknownUserSecret
    ) {
        let nonceBytes = SecretBytes.random(count: 32)
        self.init(mechanism: mechanism, credentials: credentials, unknownUserSecret: unknownUserSecret,
                  serverNonce: ScramBase64.encode(nonceBytes))
    }

    /// Fixes the server nonce, which only a test vector has reason to do.
    init(mechanism: ScramMechanism, credentials: @escaping CredentialLookup, unknownUserSecret: SymmetricKey, serverNonce: String) {
        self.mechanism = mechanism
        self.credentials = credentials
        self.unknownUserSecret = unknownUserSecret
        self.serverNonce = serverNonce
    }

    /// Takes the client-first message and returns the server-first message.
    public mutating func receiveClientFirst(_ bytes: [UInt8]) throws(ScramError) -> [UInt8] {
        do throws(ScramError) {
            guard case .awaitingClientFirst = state else { throw .unexpectedMessage }
            guard bytes.count <= Self.maximumClientMessageSize else { throw .messageTooLarge(.clientFirst) }
            let clientFirst = try ScramClientFirstMessage(parsing: bytes)
            claimedUsername = clientFirst.username
            guard !clientFirst.requestsTokenAuthentication else { throw .tokenAuthenticationUnsupported }
            if let authorizationId = clientFirst.authorizationId, authorizationId != clientFirst.username {
                throw .authorizationIdMismatch
            }
            // The stand-in is derived for every user, so a known and an unknown one cost the same here.
            let standIn = ScramCredential.standIn(for: clientFirst.username, mechanism: mechanism, secret: unknownUserSecret)
            let stored = credentials(clientFirst.username).flatMap { $0.isUsable(for: mechanism) ? $0 : nil }
            let credential = stored ?? standIn

            let combinedNonce = clientFirst.clientNonce + serverNonce
            let serverFirst = Array("r=\(combinedNonce),s=\(ScramBase64.encode(credential.salt)),i=\(credential.iterations)".utf8)
            state = .awaitingClientFinal(ServerFirstSent(
                clientFirst: clientFirst, serverFirst: serverFirst, combinedNonce: Array(combinedNonce.utf8),
                librdkafkaLegacyNonce: Array((clientFirst.clientNonce + combinedNonce).utf8), credential: credential))
            return serverFirst
        } catch {
            state = .failed
            throw error
        }
    }

    /// Takes the client-final message; on success returns the server-final message (`v=` and the
    /// server signature) and the authenticated username.
    public mutating func receiveClientFinal(_ bytes: [UInt8]) throws(ScramError) -> (serverFinal: [UInt8], username: String) {
        do throws(ScramError) {
            guard case .awaitingClientFinal(let sent) = state else { throw .unexpectedMessage }
            guard bytes.count <= Self.maximumClientMessageSize else { throw .messageTooLarge(.clientFinal) }
            let clientFinal = try ScramClientFinalMessage(parsing: bytes)
            guard constantTimeEquals(clientFinal.channelBinding, sent.clientFirst.gs2Header) else { throw .channelBindingMismatch }
            guard constantTimeEquals(clientFinal.nonce.utf8, sent.combinedNonce)
                || constantTimeEquals(clientFinal.nonce.utf8, sent.librdkafkaLegacyNonce)
            else { throw .nonceMismatch }

            let authMessage = sent.clientFirst.bare + Array(",".utf8) + sent.serverFirst + Array(",".utf8) + clientFinal.withoutProof
            guard proofIsValid(clientFinal.proof, authMessage: authMessage, credential: sent.credential) else {
                throw .invalidCredentials(mechanism)
            }
            let serverSignature = mechanism.hmac(key: sent.credential.serverKey, authMessage)
            state = .completed
            return (Array("v=\(ScramBase64.encode(serverSignature))".utf8), sent.clientFirst.username)
        } catch {
            state = .failed
            throw error
        }
    }

    /// RFC 5802 §3: ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage); the proof holds when
    /// H(ClientKey) equals StoredKey, compared in constant time.
    private func proofIsValid(_ proof: [UInt8], authMessage: [UInt8], credential: ScramCredential) -> Bool {
        var clientKey = mechanism.hmac(key: credential.storedKey, authMessage)
        defer { clientKey.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        guard proof.count == clientKey.count else { return false }
        for index in clientKey.indices {
            clientKey[index] ^= proof[index]
        }
        return constantTimeEquals(mechanism.hash(clientKey), credential.storedKey)
    }
}
