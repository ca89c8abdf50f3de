import Crypto
import Foundation
import SecretHandling

/// The client side of one SCRAM authentication, for the gateway's own
/// connections to an upstream cluster that requires SASL/SCRAM. It checks
/// what a careful client checks: the server nonce extends ours, the iteration
/// count is within Kafka's bounds, and the server's signature is right
/// (compared in constant time), so a server that does not know the
/// credential cannot pass for one that does.
public struct ScramClientExchange: Sendable {
    public let mechanism: ScramMechanism
    private let username: String
    private let password: [UInt8]
    private let clientNonce: String
    private var state = State.initial

    private enum State {
        case initial
        case sentClientFirst(bare: String)
        case sentClientFinal(expectedServerSignature: [UInt8])
        case done
    }

    public init(mechanism: ScramMechanism, username: String, password: [UInt8]) {
        let nonceBytes = SecretBytes.random(count: 32)
        self.init(mechanism: mechanism, username: username, password: password, clientNonce: ScramBase64.encode(nonceBytes))
    }

    init(mechanism: ScramMechanism, username: String, password: [UInt8], clientNonce: String) {
        self.mechanism = mechanism
        self.username = username
        self.password = password
        self.clientNonce = clientNonce
    }

    /// `n,,n=USER,r=NONCE`.
    public mutating func clientFirst() -> [UInt8] {
        let escaped = username.replacingOccurrences(of: "=", with: "=3D").replacingOccurrences(of: ",", with: "=2C")
        let bare = "n=\(escaped),r=\(clientNonce)"
        state = .sentClientFirst(bare: bare)
        return Array(("n,," + bare).utf8)
    }

    /// Takes the server-first message and returns the client-final message.
    public mutating func receiveServerFirst(_ bytes: [UInt8]) throws(ScramError) -> [UInt8] {
        guard case .sentClientFirst(let bare) = state else { throw .unexpectedMessage }
        state = .done
        guard bytes.count <= ScramServerExchange.maximumClientMessageSize,
              let text = String(validating: bytes, as: UTF8.self) else { throw .malformedMessage(.serverFirst, reason: "not UTF-8 or too long") }
        let fields = text.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count >= 3,
              let nonce = ScramGrammar.value(of: fields[0], attribute: "r"),
              let encodedSalt = ScramGrammar.value(of: fields[1], attribute: "s"),
              let salt = ScramBase64.decode(encodedSalt), !salt.isEmpty,
              let iterationText = ScramGrammar.value(of: fields[2], attribute: "i"),
              let iterations = Int(iterationText)
        else { throw .malformedMessage(.serverFirst, reason: "missing or invalid attributes") }
        guard nonce.count > clientNonce.count, nonce.hasPrefix(clientNonce) else { throw .nonceMismatch }
        guard (ScramMechanism.minimumIterations...ScramMechanism.maximumIterations).contains(iterations) else {
            throw .malformedMessage(.serverFirst, reason: "iteration count outside \(ScramMechanism.minimumIterations)...\(ScramMechanism.maximumIterations)")
        }

        let saltedPassword: SymmetricKey
        do {
            saltedPassword = try mechanism.saltedPassword(password, salt: salt, iterations: iterations)
        } catch {
            throw .malformedMessage(.serverFirst, reason: "key derivation failed")
        }
        let withoutProof = "c=biws,r=\(nonce)"
        let authMessage = Array("\(bare),\(text),\(withoutProof)".utf8)
        let clientKey = mechanism.hmac(key: saltedPassword, Array("Client Key".utf8))
        let clientSignature = mechanism.hmac(key: mechanism.hash(clientKey), authMessage)
        let proof = zip(clientKey, clientSignature).map { $0 ^ $1 }
        let serverKey = mechanism.hmac(key: saltedPassword, Array("Server Key".utf8))
        state = .sentClientFinal(expectedServerSignature: mechanism.hmac(key: serverKey, authMessage))
        return Array("\(withoutProof),p=\(ScramBase64.encode(proof))".utf8)
    }

    /// Checks the server-final message's signature.
    public mutating func receiveServerFinal(_ bytes: [UInt8]) throws(ScramError) {
        guard case .sentClientFinal(let expected) = state else { throw .unexpectedMessage }
        state = .done
        guard let text = String(validating: bytes, as: UTF8.self),
              let encoded = ScramGrammar.value(of: text.split(separator: ",", omittingEmptySubsequences: false)[0], attribute: "v"),
              let signature = ScramBase64.decode(encoded)
        else { throw .malformedMessage(.serverFinal, reason: "missing or invalid verifier") }
        guard constantTimeEquals(signature, expected) else { throw .invalidCredentials(mechanism) }
    }
}
