import Authentication
import Crypto
import XCTest

/// Successful exchanges against the independent test client.
final class ScramServerExchangeTests: XCTestCase {
    private func credential(_ mechanism: ScramMechanism, password: String = "correct horse", iterations: Int = 4096) throws -> ScramCredential {
        try ScramCredential.derive(mechanism: mechanism, password: Array(password.utf8),
                                   salt: (0..<32).map { _ in UInt8.random(in: 0...255) }, iterations: iterations)
    }

    private func authenticate(_ client: ScramTestClient, against credentials: @escaping ScramServerExchange.CredentialLookup) throws -> String {
        var exchange = ScramServerExchange(mechanism: client.mechanism, credentials: credentials)
        let serverFirst = try exchange.receiveClientFirst(client.clientFirst)
        let final = client.clientFinal(to: serverFirst)
        let outcome = try exchange.receiveClientFinal(final.message)
        XCTAssertEqual(outcome.serverFinal, final.expectedServerFinal, "server signature")
        return outcome.username
    }

    func testSha512RoundTrip() throws {
        let stored = try credential(.sha512)
        let client = ScramTestClient(mechanism: .sha512, saslName: "alice", password: "correct horse", clientNonce: "fyko+d2lbbFgONRv9qkxdawL")
        XCTAssertEqual(try authenticate(client, against: { $0 == "alice" ? stored : nil }), "alice")
    }

    func testSha256RoundTripWithKafkasLargestIterationCount() throws {
        let stored = try credential(.sha256, iterations: ScramMechanism.maximumIterations)
        let client = ScramTestClient(mechanism: .sha256, saslName: "bob", password: "correct horse", clientNonce: "abc")
        XCTAssertEqual(try authenticate(client, against: { _ in stored }), "bob")
    }

    func testServerFirstCarriesTheStoredSaltAndIterationsAndExtendsTheClientNonce() throws {
        let stored = try credential(.sha512, iterations: 8192)
        var exchange = ScramServerExchange(mechanism: .sha512, credentials: { _ in stored })
        let client = ScramTestClient(mechanism: .sha512, saslName: "alice", password: "x", clientNonce: "clientnonce")
        let serverFirst = String(decoding: try exchange.receiveClientFirst(client.clientFirst), as: UTF8.self)
        let fields = serverFirst.split(separator: ",")
        XCTAssertEqual(fields.count, 3)
        XCTAssertTrue(fields[0].hasPrefix("r=clientnonce"))
        let serverNonce = fields[0].dropFirst("r=clientnonce".count)
        XCTAssertEqual(serverNonce.count, 44, "32 random bytes in base64")
        XCTAssertTrue(serverNonce.utf8.allSatisfy { (0x21...0x7E).contains($0) && $0 != UInt8(ascii: ",") })
        XCTAssertEqual(fields[1], "s=" + Data(stored.salt).base64EncodedString())
        XCTAssertEqual(fields[2], "i=8192")
    }

    func testEveryExchangeHasItsOwnServerNonce() throws {
        let stored = try credential(.sha256)
        let client = ScramTestClient(mechanism: .sha256, saslName: "alice", password: "x", clientNonce: "n")
        var nonces = Set<String>()
        for _ in 0..<20 {
            var exchange = ScramServerExchange(mechanism: .sha256, credentials: { _ in stored })
            let serverFirst = String(decoding: try exchange.receiveClientFirst(client.clientFirst), as: UTF8.self)
            nonces.insert(String(serverFirst.split(separator: ",")[0]))
        }
        XCTAssertEqual(nonces.count, 20)
    }

    func testEscapedUsernameIsDecodedBeforeLookup() throws {
        let stored = try credential(.sha256)
        let client = ScramTestClient(mechanism: .sha256, saslName: "a=3Db=2Cc", password: "correct horse", clientNonce: "n0nce")
        XCTAssertEqual(try authenticate(client, against: { $0 == "a=b,c" ? stored : nil }), "a=b,c")
    }

    func testNonASCIIUsernameAndPassword() throws {
        let stored = try credential(.sha512, password: "pässwörd✓")
        let client = ScramTestClient(mechanism: .sha512, saslName: "zoë", password: "pässwörd✓", clientNonce: "n")
        XCTAssertEqual(try authenticate(client, against: { $0 == "zoë" ? stored : nil }), "zoë")
    }

    func testAuthorizationIdEqualToTheUsernameIsAccepted() throws {
        let stored = try credential(.sha256)
        var client = ScramTestClient(mechanism: .sha256, saslName: "alice", password: "correct horse", clientNonce: "n")
        client.gs2Header = "n,a=alice,"
        XCTAssertEqual(try authenticate(client, against: { _ in stored }), "alice")
    }

    func testExtensionsAreIgnoredButKeptInTheAuthMessage() throws {
        let stored = try credential(.sha256)
        // Kafka's Java client sends tokenauth=false; the proof covers the bare message with its extensions.
        var client = ScramTestClient(mechanism: .sha256, saslName: "alice", password: "correct horse", clientNonce: "n")
        client.firstExtensions = ",tokenauth=false,foo=bar baz"
        var exchange = ScramServerExchange(mechanism: .sha256, credentials: { _ in stored })
        let serverFirst = try exchange.receiveClientFirst(client.clientFirst)
        let final = client.clientFinal(to: serverFirst, extensions: ",x=y")
        let outcome = try exchange.receiveClientFinal(final.message)
        XCTAssertEqual(outcome.username, "alice")
        XCTAssertEqual(outcome.serverFinal, final.expectedServerFinal)
    }

    func testClaimedUsernameIsKnownAfterTheFirstMessage() throws {
        var exchange = ScramServerExchange(mechanism: .sha256, credentials: { _ in nil })
        XCTAssertNil(exchange.claimedUsername)
        _ = try exchange.receiveClientFirst(Array("n,,n=mallory,r=abc".utf8))
        XCTAssertEqual(exchange.claimedUsername, "mallory")
    }
}
