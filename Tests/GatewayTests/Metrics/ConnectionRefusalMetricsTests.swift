import Authorization
import NIOCore
import Observability
import XCTest
@testable import Gateway

/// Connections refused before they are served are counted by reason: at
/// accept (a listener bound as the gateway binds it, on loopback), and at a
/// failed TLS handshake.
final class ConnectionRefusalMetricsTests: XCTestCase {
    func testAConnectionFromOutsideTheAllowListIsCountedAsRefused() async throws {
        let connection = try MeteredConnection(level: .basic)
        let configuration = GatewayListenerConfiguration(
            name: MeteredConnection.listenerName, host: "127.0.0.1", port: 0, authentication: .sasl([.scram(.sha512)]),
            allowedClients: try CIDRAllowList(parsing: ["127.0.0.2/32"])
        )
        let channel = try await GatewayListener.bind(configuration, port: 0, context: connection.listener, tls: nil)
        await assertRefused(port: channel.localAddress!.port!, tls: nil, from: "127.0.0.1", "a client from 127.0.0.1")
        try await channel.close()

        let refused = #"portcullis_connections_refused_total{listener="SASL_PLAINTEXT",reason="cidr-not-allowed"}"#
        XCTAssertEqual(connection.value(refused), 1, connection.exposition)
        XCTAssertEqual(connection.value(#"portcullis_connections_created_total{listener="SASL_PLAINTEXT"}"#), 1, "only the test's own")
    }

    func testAFailedTLSHandshakeIsARefusal() {
        var driver = SessionDriver(SessionFixture.configuration(usesTLS: true))
        driver.accept()
        driver.record(driver.machine.errorCaught("TLS handshake failed: NO_SHARED_CIPHER"))
        XCTAssertTrue(driver.actions.contains {
            if case .count(.refused(reason: "tls-handshake-failed")) = $0 { true } else { false }
        })
        XCTAssertEqual(driver.closeReason, "connection error: TLS handshake failed: NO_SHARED_CIPHER")
    }

    func testAnErrorOnceServingIsNoRefusal() {
        var driver = SessionDriver.authenticated()
        driver.record(driver.machine.errorCaught("connection reset"))
        XCTAssertFalse(driver.actions.contains { if case .count(.refused) = $0 { true } else { false } })
    }
}
