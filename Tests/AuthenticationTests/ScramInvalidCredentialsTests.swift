import Crypto
import Foundation
import XCTest
@testable import Authentication

/// Wrong password, unknown user and unusable stored credentials must be indistinguishable to the client:
/// same step, same error, same description, same server-first shape, comparable time (RFC 5802 §5.1).
final class ScramInvalidCredentialsTests: XCTestCase {
    private let kafkaWording = "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512"

    func testWrongPasswordFailsWithKafkasWording() throws {
        let fixture = try ScramFixture(.sha512)
        var exchange = fixture.exchange()
        let client = fixture.client(password: "wrong horse")
        let serverFirst = try exchange.receiveClientFirst(client.clientFirst)
        let description = assertScramError(.invalidCredentials(.sha512)) { try exchange.receiveClientFinal(client.clientFinal(to: serverFirst).message) }
        XCTAssertEqual(description, kafkaWording)
    }

    func testUnknownUserFailsAtTheSameStepWithTheSameError() throws {
        let fixture = try ScramFixture(.sha512)
        var exchange = fixture.exchange()
        let client = fixture.client(username: "mallory", password: ScramFixture.password)
        let serverFirst = try exchange.receiveClientFirst(client.clientFirst)
        let description = assertScramError(.invalidCredentials(.sha512)) { try exchange.receiveClientFinal(client.clientFinal(to: serverFirst).message) }
        XCTAssertEqual(description, kafkaWording)
    }

    func testUnknownUsersServerFirstLooksLikeAKnownUsers() throws {
        for mechanism in ScramMechanism.allCases {
            let fixture = try ScramFixture(mechanism)
            let known = try serverFirstFields(fixture, "alice")
            let unknown = try serverFirstFields(fixture, "mallory")
            XCTAssertEqual(known.count, unknown.count)
            XCTAssertEqual(known[0].count, unknown[0].count, "nonce length")
            XCTAssertEqual(known[1].count, unknown[1].count, "the default salt length either way")
            XCTAssertEqual(known[2], unknown[2], "the same iteration count")

            // A stand-in salt is stable for one user, so asking again tells nothing, and differs between users.
            XCTAssertEqual(try serverFirstFields(fixture, "mallory")[1], unknown[1])
            XCTAssertNotEqual(try serverFirstFields(fixture, "trudy")[1], unknown[1])
        }
    }

    /// Only a user stored with the defaults looks unknown-alike; other settings show, as in Kafka
    /// (README says so). The stand-in follows the defaults that `generate` (so `authctl scram set`) uses.
    func testStandInsCarryTheMechanismsDefaults() throws {
        for mechanism in ScramMechanism.allCases {
            let standIn = ScramCredential.standIn(for: "mallory", mechanism: mechanism, secret: SymmetricKey(size: .bits256))
            let generated = try ScramCredential.generate(mechanism: mechanism, password: Array("pencil".utf8))
            XCTAssertEqual(standIn.iterations, mechanism.defaultIterations, mechanism.rawValue)
            XCTAssertEqual(standIn.salt.count, mechanism.defaultSaltByteCount, mechanism.rawValue)
            XCTAssertEqual(generated.iterations, mechanism.defaultIterations, mechanism.rawValue)
            XCTAssertEqual(generated.salt.count, mechanism.defaultSaltByteCount, mechanism.rawValue)

            let doubled = try ScramFixture(mechanism, iterations: 2 * mechanism.defaultIterations)
            XCTAssertEqual(try serverFirstFields(doubled, "alice")[2], "i=\(2 * mechanism.defaultIterations)")
            XCTAssertEqual(try serverFirstFields(doubled, "mallory")[2], "i=\(mechanism.defaultIterations)")
        }
    }

    private func serverFirstFields(_ fixture: ScramFixture, _ username: String) throws -> [Substring] {
        var exchange = fixture.exchange()
        let serverFirst = try exchange.receiveClientFirst(fixture.client(username: username).clientFirst)
        return String(decoding: serverFirst, as: UTF8.self).split(separator: ",")
    }

    func testStandInSaltDependsOnTheSecretAndTheMechanism() {
        let secret = SymmetricKey(size: .bits256)
        let sha256 = ScramCredential.standIn(for: "mallory", mechanism: .sha256, secret: secret)
        let sha512 = ScramCredential.standIn(for: "mallory", mechanism: .sha512, secret: secret)
        let otherSecret = ScramCredential.standIn(for: "mallory", mechanism: .sha256, secret: SymmetricKey(size: .bits256))
        XCTAssertNotEqual(sha256.salt, sha512.salt)
        XCTAssertNotEqual(sha256.salt, otherSecret.salt)
        XCTAssertEqual(sha256, ScramCredential.standIn(for: "mallory", mechanism: .sha256, secret: secret))
        XCTAssertTrue(sha512.isUsable(for: .sha512))
    }

    /// A stored credential the exchange cannot use is treated as absent, so even the right password fails.
    func testUnusableStoredCredentialsFailLikeAnUnknownUser() throws {
        let good = try ScramCredential.derive(mechanism: .sha256, password: Array("pw".utf8), salt: Array("salt".utf8), iterations: 4096)
        let unusable: [(String, ScramCredential)] = [
            ("too few iterations", ScramCredential(mechanism: .sha256, salt: good.salt, iterations: 4095, storedKey: good.storedKey, serverKey: good.serverKey)),
            ("too many iterations", ScramCredential(mechanism: .sha256, salt: good.salt, iterations: 16385, storedKey: good.storedKey, serverKey: good.serverKey)),
            ("other mechanism", ScramCredential(mechanism: .sha512, salt: good.salt, iterations: 4096, storedKey: good.storedKey, serverKey: good.serverKey)),
            ("short stored key", ScramCredential(mechanism: .sha256, salt: good.salt, iterations: 4096, storedKey: Array(good.storedKey.dropLast()), serverKey: good.serverKey)),
            ("long server key", ScramCredential(mechanism: .sha256, salt: good.salt, iterations: 4096, storedKey: good.storedKey, serverKey: good.serverKey + [0])),
            ("empty salt", ScramCredential(mechanism: .sha256, salt: [], iterations: 4096, storedKey: good.storedKey, serverKey: good.serverKey)),
        ]
        for (name, credential) in unusable {
            var exchange = ScramServerExchange(mechanism: .sha256, credentials: { _ in credential })
            let client = ScramTestClient(mechanism: .sha256, saslName: "alice", password: "pw", clientNonce: "n")
            let serverFirst = try exchange.receiveClientFirst(client.clientFirst)
            XCTAssertTrue(String(decoding: serverFirst, as: UTF8.self).hasSuffix(",i=\(ScramMechanism.sha256.defaultIterations)"), "\(name): the stand-in's")
            assertScramError(.invalidCredentials(.sha256)) { try exchange.receiveClientFinal(client.clientFinal(to: serverFirst).message) }
        }
    }

    func testProofOfTheWrongLengthIsInvalidCredentials() throws {
        let fixture = try ScramFixture(.sha512)
        var exchange = fixture.exchange()
        let client = fixture.client()
        let serverFirst = String(decoding: try exchange.receiveClientFirst(client.clientFirst), as: UTF8.self)
        let nonce = serverFirst.split(separator: ",")[0].dropFirst(2)
        let shortProof = Data(repeating: 7, count: 32).base64EncodedString()
        assertScramError(.invalidCredentials(.sha512)) { try exchange.receiveClientFinal(Array("c=biws,r=\(nonce),p=\(shortProof)".utf8)) }
    }

    /// The server's work for an unknown user and for a wrong password, measured in alternation so that
    /// load on the machine hits both alike. Both paths do the same HMACs, so the medians stay close.
    func testUnknownUserAndWrongPasswordTakeComparableTime() throws {
        let stored = try ScramCredential.derive(mechanism: .sha512, password: Array("pw".utf8), salt: Array(repeating: 1, count: 32), iterations: 4096)
        let secret = SymmetricKey(size: .bits256)
        func exchange() -> ScramServerExchange {
            ScramServerExchange(mechanism: .sha512, credentials: { $0 == "alice" ? stored : nil }, unknownUserSecret: secret, serverNonce: "fixed")
        }
        // With the server nonce fixed, each client's messages can be made once and replayed.
        func messages(_ username: String) throws -> (first: [UInt8], final: [UInt8]) {
            var probe = exchange()
            let client = ScramTestClient(mechanism: .sha512, saslName: username, password: "wrong", clientNonce: "n")
            return (client.clientFirst, client.clientFinal(to: try probe.receiveClientFirst(client.clientFirst)).message)
        }
        let wrongPassword = try messages("alice")
        let unknownUser = try messages("mallory")
        let clock = ContinuousClock()
        func time(_ messages: (first: [UInt8], final: [UInt8])) throws -> Duration {
            var server = exchange()
            return try clock.measure {
                _ = try server.receiveClientFirst(messages.first)
                assertScramError(.invalidCredentials(.sha512)) { try server.receiveClientFinal(messages.final) }
            }
        }
        var wrongPasswordTimes: [Duration] = []
        var unknownUserTimes: [Duration] = []
        for _ in 0..<301 {
            wrongPasswordTimes.append(try time(wrongPassword))
            unknownUserTimes.append(try time(unknownUser))
        }
        let ratio = unknownUserTimes.sorted()[150] / wrongPasswordTimes.sorted()[150]
        XCTAssertTrue((0.67...1.5).contains(ratio), "unknown user / wrong password median time: \(ratio)")
    }
}
