import Authentication
import Crypto
import Foundation

/// A SCRAM client written from RFC 5802's formulas with swift-crypto's HMAC alone (its own Hi(), no
/// PBKDF2), so that the server is checked against an independent implementation.
struct ScramTestClient {
    let mechanism: ScramMechanism
    /// The username as sent, already saslname-encoded.
    let saslName: String
    let password: String
    let clientNonce: String
    var gs2Header = "n,,"
    /// Extensions after the nonce in client-first, each with its leading ",".
    var firstExtensions = ""

    var clientFirstBare: String { "n=\(saslName),r=\(clientNonce)\(firstExtensions)" }
    var clientFirst: [UInt8] { Array((gs2Header + clientFirstBare).utf8) }

    struct Final {
        let message: [UInt8]
        let expectedServerFinal: [UInt8]
        let proof: String
    }

    /// The client-final message answering `serverFirst`. The overrides let a test send what a broken or
    /// hostile client would, while the proof still follows the formulas.
    func clientFinal(to serverFirst: [UInt8], nonce: String? = nil, channelBinding: String? = nil,
                     extensions: String = "", password: String? = nil) -> Final {
        let serverFirstText = String(decoding: serverFirst, as: UTF8.self)
        var attributes: [Character: Substring] = [:]
        for field in serverFirstText.split(separator: ",") { attributes[field.first!] = field.dropFirst(2) }
        let salt = Array(Data(base64Encoded: String(attributes["s"]!))!)
        let iterations = Int(attributes["i"]!)!

        let binding = channelBinding ?? Data(gs2Header.utf8).base64EncodedString()
        let withoutProof = "c=\(binding),r=\(nonce ?? String(attributes["r"]!))" + extensions
        let authMessage = Array("\(clientFirstBare),\(serverFirstText),\(withoutProof)".utf8)

        let saltedPassword = hi(Array((password ?? self.password).utf8), salt: salt, iterations: iterations)
        let clientKey = hmac(saltedPassword, Array("Client Key".utf8))
        let storedKey = hash(clientKey)
        let clientSignature = hmac(storedKey, authMessage)
        let proof = Data(zip(clientKey, clientSignature).map { $0 ^ $1 }).base64EncodedString()
        let serverSignature = hmac(hmac(saltedPassword, Array("Server Key".utf8)), authMessage)
        return Final(
            message: Array("\(withoutProof),p=\(proof)".utf8),
            expectedServerFinal: Array("v=\(Data(serverSignature).base64EncodedString())".utf8),
            proof: proof
        )
    }

    /// RFC 5802 §2.2: Hi(str, salt, i) = U1 XOR U2 XOR ... XOR Ui, U1 = HMAC(str, salt + INT(1)).
    private func hi(_ password: [UInt8], salt: [UInt8], iterations: Int) -> [UInt8] {
        var previous = hmac(password, salt + [0, 0, 0, 1])
        var result = previous
        for _ in 1..<iterations {
            previous = hmac(password, previous)
            for index in result.indices { result[index] ^= previous[index] }
        }
        return result
    }

    private func hmac(_ key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        switch mechanism {
        case .sha256: Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
        case .sha512: Array(HMAC<SHA512>.authenticationCode(for: message, using: SymmetricKey(data: key)))
        }
    }

    private func hash(_ bytes: [UInt8]) -> [UInt8] {
        switch mechanism {
        case .sha256: Array(SHA256.hash(data: bytes))
        case .sha512: Array(SHA512.hash(data: bytes))
        }
    }
}
