import XCTest

@testable import Authentication

final class ScramClientExchangeTests: XCTestCase {
    private let serverFirst = Array("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096".utf8)

    private func rfcClient() -> ScramClientExchange {
        ScramClientExchange(mechanism: .sha256, username: "user", password: Array("pencil".utf8), clientNonce: "rOprNGfwEbeRWgbNEkqO")
    }

    func testRFC7677VectorAsTheClient() throws {
        var client = rfcClient()
        XCTAssertEqual(String(decoding: client.clientFirst(), as: UTF8.self), "n,,n=user,r=rOprNGfwEbeRWgbNEkqO")
        let final = try client.receiveServerFirst(serverFirst)
        XCTAssertEqual(
            String(decoding: final, as: UTF8.self),
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
        )
        XCTAssertNoThrow(try client.receiveServerFinal(Array("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=".utf8)))
    }

    func testServerThatDoesNotKnowTheCredentialIsRefused() throws {
        var client = rfcClient()
        _ = client.clientFirst()
        _ = try client.receiveServerFirst(serverFirst)
        XCTAssertThrowsError(try client.receiveServerFinal(Array("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".utf8))) {
            XCTAssertEqual($0 as? ScramError, .invalidCredentials(.sha256))
        }
    }

    func testServerNonceMustExtendTheClientNonce() {
        var client = rfcClient()
        _ = client.clientFirst()
        XCTAssertThrowsError(try client.receiveServerFirst(Array("r=someoneElse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096".utf8))) {
            XCTAssertEqual($0 as? ScramError, .nonceMismatch)
        }
        var echoing = rfcClient()
        _ = echoing.clientFirst()
        XCTAssertThrowsError(try echoing.receiveServerFirst(Array("r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096".utf8)))
    }

    func testIterationCountsOutsideKafkasBoundsAreRefused() {
        for iterations in [1, 4095, 16385, 10_000_000] {
            var client = rfcClient()
            _ = client.clientFirst()
            XCTAssertThrowsError(try client.receiveServerFirst(Array("r=rOprNGfwEbeRWgbNEkqOxyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=\(iterations)".utf8)))
        }
    }

    func testRoundTripWithTheServerForBothMechanisms() throws {
        for mechanism in ScramMechanism.allCases {
            let credential = try ScramCredential.generate(mechanism: mechanism, password: Array("correct horse".utf8))
            var server = ScramServerExchange(mechanism: mechanism) { $0 == "relay,user" ? credential : nil }
            var client = ScramClientExchange(mechanism: mechanism, username: "relay,user", password: Array("correct horse".utf8))
            let serverFirst = try server.receiveClientFirst(client.clientFirst())
            let outcome = try server.receiveClientFinal(try client.receiveServerFirst(serverFirst))
            XCTAssertEqual(outcome.username, "relay,user")
            XCTAssertNoThrow(try client.receiveServerFinal(outcome.serverFinal))
        }
    }

    func testWrongPasswordIsRefusedByTheServer() throws {
        let credential = try ScramCredential.generate(mechanism: .sha512, password: Array("right".utf8))
        var server = ScramServerExchange(mechanism: .sha512) { _ in credential }
        var client = ScramClientExchange(mechanism: .sha512, username: "relay", password: Array("wrong".utf8))
        let serverFirst = try server.receiveClientFirst(client.clientFirst())
        XCTAssertThrowsError(try server.receiveClientFinal(try client.receiveServerFirst(serverFirst)))
    }
}
