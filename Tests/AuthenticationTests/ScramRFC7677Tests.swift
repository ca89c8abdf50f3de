import Crypto
import Foundation
import XCTest
@testable import Authentication

/// RFC 7677 §3's SCRAM-SHA-256 exchange, byte for byte.
final class ScramRFC7677Tests: XCTestCase {
    private let clientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO"
    private let serverNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
    private let serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
    private let clientFinal =
        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
    private let serverFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="

    private func storedCredential() throws -> ScramCredential {
        try ScramCredential.derive(mechanism: .sha256, password: Array("pencil".utf8),
                                   salt: Array(Data(base64Encoded: "W22ZaJ0SNY7soEsUEjb6gQ==")!), iterations: 4096)
    }

    func testServerReproducesTheRFCExchange() throws {
        let credential = try storedCredential()
        var exchange = ScramServerExchange(mechanism: .sha256, credentials: { $0 == "user" ? credential : nil },
                                           unknownUserSecret: SymmetricKey(size: .bits256), serverNonce: serverNonce)

        XCTAssertEqual(String(decoding: try exchange.receiveClientFirst(Array(clientFirst.utf8)), as: UTF8.self), serverFirst)
        let outcome = try exchange.receiveClientFinal(Array(clientFinal.utf8))
        XCTAssertEqual(String(decoding: outcome.serverFinal, as: UTF8.self), serverFinal)
        XCTAssertEqual(outcome.username, "user")
    }

    /// The test client must agree with the RFC too, or the round-trip tests would prove nothing.
    func testTestClientReproducesTheRFCExchange() {
        let client = ScramTestClient(mechanism: .sha256, saslName: "user", password: "pencil", clientNonce: "rOprNGfwEbeRWgbNEkqO")
        XCTAssertEqual(String(decoding: client.clientFirst, as: UTF8.self), clientFirst)
        let final = client.clientFinal(to: Array(serverFirst.utf8))
        XCTAssertEqual(String(decoding: final.message, as: UTF8.self), clientFinal)
        XCTAssertEqual(String(decoding: final.expectedServerFinal, as: UTF8.self), serverFinal)
    }

    func testAnotherPasswordFailsTheRFCExchange() throws {
        let credential = try ScramCredential.derive(mechanism: .sha256, password: Array("pencil!".utf8),
                                                    salt: Array(Data(base64Encoded: "W22ZaJ0SNY7soEsUEjb6gQ==")!), iterations: 4096)
        var exchange = ScramServerExchange(mechanism: .sha256, credentials: { _ in credential },
                                           unknownUserSecret: SymmetricKey(size: .bits256), serverNonce: serverNonce)
        _ = try exchange.receiveClientFirst(Array(clientFirst.utf8))
        XCTAssertThrowsError(try exchange.receiveClientFinal(Array(clientFinal.utf8))) { error in
            XCTAssertEqual(error as? ScramError, .invalidCredentials(.sha256))
        }
    }
}
