import Gateway
import XCTest

/// The listener as the real `openssl s_client` sees it.
final class OpenSSLClientTests: XCTestCase {
    func testTLS12AndTLS13HandshakesSucceed() async throws {
        try await withTLSListener(.none) { fixture, port, _ in
            for (flag, version) in [("-tls1_2", "TLSv1.2"), ("-tls1_3", "TLSv1.3")] {
                let outcome = try sClient(port: port, fixture: fixture, [flag])
                XCTAssertEqual(outcome.exitStatus, 0, outcome.output)
                XCTAssertTrue(outcome.output.contains("New, \(version), Cipher is"), outcome.output)
                XCTAssertTrue(outcome.output.contains("Verify return code: 0 (ok)"), outcome.output)
            }
        }
    }

    func testTLS11IsRefusedByTheServer() async throws {
        try await withTLSListener(.none) { fixture, port, _ in
            // Without the system configuration and at security level 0, this
            // OpenSSL does offer TLS 1.1, so the refusal is the listener's.
            let outcome = try sClient(
                port: port,
                fixture: fixture,
                ["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"],
                environment: ["OPENSSL_CONF": "/dev/null"]
            )
            XCTAssertNotEqual(outcome.exitStatus, 0, outcome.output)
            XCTAssertTrue(outcome.output.contains("alert protocol version"), outcome.output)
        }
    }

    func testMutualTLSRefusesAClientWithoutCertificate() async throws {
        try await withTLSListener(.required) { fixture, port, server in
            let refused = try sClient(port: port, fixture: fixture, ["-tls1_2"], input: "ping\n")
            XCTAssertNotEqual(refused.exitStatus, 0, refused.output)
            XCTAssertTrue(refused.output.contains("alert handshake failure"), refused.output)
            XCTAssertEqual(server.events.identifiedClients, [])
        }
    }

    /// `-reconnect` resumes the session five times and sends its input on
    /// the last, resumed connection: the verified leaf must still be there.
    func testMutualTLSSessionResumptionKeepsTheVerifiedClientCertificate() async throws {
        try await withTLSListener(.required) { fixture, port, server in
            let alice = try fixture.client("alice")
            let outcome = try sClient(
                port: port,
                fixture: fixture,
                ["-tls1_2", "-cert", alice.certificatePath, "-key", alice.keyPath, "-reconnect"],
                input: "ping\n"
            )
            XCTAssertEqual(outcome.exitStatus, 0, outcome.output)
            XCTAssertFalse(outcome.output.contains("alert"), outcome.output)
            XCTAssertTrue(outcome.output.contains("Acceptable client certificate CA names\nO = Portcullis Test, CN = ca"), outcome.output)
            XCTAssertEqual(outcome.output.components(separatedBy: "Reused, TLSv1.2").count - 1, 5, outcome.output)
            // s_client may exit before the server has read its line.
            for _ in 0..<40 where server.events.identifiedClients.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
            XCTAssertEqual(server.events.identifiedClients, ["CN=alice,O=Portcullis Test"])
        }
    }

    /// Sessions resume from tickets only: the listener keeps no session cache,
    /// so a TLS 1.2 client that refuses tickets makes a full handshake each time.
    func testTLS12ClientWithoutTicketsDoesNotResume() async throws {
        try await withTLSListener(.none) { fixture, port, _ in
            let outcome = try sClient(port: port, fixture: fixture, ["-tls1_2", "-no_ticket", "-reconnect"], input: "ping\n")
            XCTAssertEqual(outcome.exitStatus, 0, outcome.output)
            XCTAssertEqual(outcome.output.components(separatedBy: "New, TLSv1.2").count - 1, 6, outcome.output)
            XCTAssertFalse(outcome.output.contains("Reused,"), outcome.output)
        }
    }

    private func sClient(
        port: Int,
        fixture: TLSFixture,
        _ arguments: [String],
        input: String = "",
        environment: [String: String] = [:]
    ) throws -> OpenSSLCommand.Outcome {
        try OpenSSLCommand.outcome(
            of: [
                "s_client", "-connect", "127.0.0.1:\(port)", "-servername", "localhost", "-CAfile", fixture.ca.certificatePath,
                "-verify_return_error",
            ] + arguments,
            input: input,
            environment: environment
        )
    }
}
