import Properties
import XCTest
@testable import Gateway

/// Anonymous access exists only where a listener says `allow.anonymous=true`,
/// and PLAINTEXT binds only to loopback, judged by parsing the address.
final class AnonymousListenerConfigurationTests: XCTestCase {
    private func configuration(_ lines: String...) throws(ConfigurationError) -> GatewayConfiguration {
        let base = [
            "upstream.bootstrap.servers=127.0.0.1:9092",
            "ssl.certificate.location=/etc/server.pem", "ssl.key.location=/etc/server.key", "ssl.ca.location=/etc/ca.pem",
        ]
        return try GatewayConfiguration(properties: (base + lines).joined(separator: "\n"))
    }

    private func assertRefused(_ lines: String..., saying expected: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let text = lines.joined(separator: "\n")
            _ = try configuration(text)
            XCTFail("accepted: \(text)", file: file, line: line)
        } catch {
            XCTAssertTrue(error.description.contains(expected), "\(error)", file: file, line: line)
        }
    }

    func testSSLListenerWithoutClientCertificatesNeedsAllowAnonymous() throws {
        assertRefused("listeners=SSL://127.0.0.1:9094", "ssl.client.auth=none", saying: "authenticates no one")
        let listener = try configuration("listeners=SSL://127.0.0.1:9094", "ssl.client.auth=none", "allow.anonymous=true").listeners[0]
        XCTAssertTrue(listener.allowsAnonymous)
        guard case .anonymous = listener.authentication else { return XCTFail("\(listener.authentication)") }
    }

    func testRequestedCertificatesServeAnonymousOnlyWhenAllowed() throws {
        let refusing = try configuration("listeners=SSL://127.0.0.1:9094", "ssl.client.auth=requested").listeners[0]
        XCTAssertFalse(refusing.allowsAnonymous)
        let allowing = try configuration("listeners=SSL://127.0.0.1:9094", "ssl.client.auth=requested", "allow.anonymous=true").listeners[0]
        XCTAssertTrue(allowing.allowsAnonymous)
        assertRefused("listeners=SSL://127.0.0.1:9094", "allow.anonymous=true", saying: "allow.anonymous needs ssl.client.auth=requested or none")
    }

    func testSaslListenersRefuseAllowAnonymous() {
        assertRefused("listeners=SASL_SSL://127.0.0.1:9096", "allow.anonymous=true", saying: "SASL listeners authenticate every client")
    }

    func testPlaintextNeedsAllowAnonymousAndALoopbackAddress() throws {
        assertRefused("listeners=PLAINTEXT://127.0.0.1:9092", saying: "authenticates no one")
        for host in ["127.0.0.1", "127.1.2.3", "localhost", "[::1]"] {
            let listener = try configuration("listeners=PLAINTEXT://\(host):9092", "allow.anonymous=true").listeners[0]
            XCTAssertTrue(listener.allowsAnonymous, host)
        }
        // A name that merely starts like a loopback address is not one.
        for host in ["127.example.com", "10.0.0.1", "0.0.0.0", "::"] {
            assertRefused("listeners=PLAINTEXT://\(host):9092", "allow.anonymous=true", saying: "loopback only")
        }
    }

    func testBufferedRequestBudgetMustHoldTheLargestRequest() {
        assertRefused("listeners=SASL_SSL://127.0.0.1:9096", "socket.request.max.bytes=1000000", "queued.max.request.bytes=999999",
                      saying: "queued.max.request.bytes must be at least socket.request.max.bytes")
    }
}
