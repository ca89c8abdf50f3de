import Gateway
import NIOSSL
import XCTest

/// A listener's allow-list applied at accept, with clients bound to
/// different loopback addresses (all of 127.0.0.0/8 is local on Linux).
final class CIDRAcceptFilterTests: XCTestCase {
    func testRefusedAddressIsClosedAtAcceptAndLoggedWhileAllowedOneIsServed() async throws {
        let logs = CapturedLogs()
        let server = try await ListenerTestServer.start(
            tls: nil,
            allowList: try CIDRAllowList(parsing: ["127.0.0.2/32"]),
            logger: logs.logger
        )
        await assertRefused(port: server.port, tls: nil, from: "127.0.0.1", "a client from 127.0.0.1")
        XCTAssertEqual(server.events.initializedConnections, 0, "a refused connection never reaches the child initializer")

        _ = try await TestClient.exchange(port: server.port, tls: nil, from: "127.0.0.2")
        XCTAssertEqual(server.events.initializedConnections, 1)
        try await server.stop()

        let warnings = logs.all.filter { $0.level == .warning }
        XCTAssertEqual(warnings.count, 1)
        XCTAssertEqual(warnings.first?.metadata["listener"], "test")
        XCTAssertTrue(warnings.first?.metadata["peer"]?.contains("127.0.0.1") == true, "\(warnings.map(\.text))")
    }

    func testRefusedTLSClientGetsNoHandshake() async throws {
        let fixture = try TLSFixture()
        let tls = try ReloadingTLSContext(settings: fixture.settings(.none), listenerName: "test", logger: CapturedLogs().logger)
        let server = try await ListenerTestServer.start(tls: tls, allowList: try CIDRAllowList(parsing: ["127.0.0.2/32"]))
        let client = try TLSConfiguration.testClient(trusting: fixture.ca.certificatePath)
        await assertRefused(port: server.port, tls: client, from: "127.0.0.1", "a TLS client from 127.0.0.1")
        _ = try await TestClient.exchange(port: server.port, tls: client, from: "127.0.0.2")
        XCTAssertEqual(server.events.initializedConnections, 1)
        XCTAssertEqual(server.events.errors, [], "the refused connection never reached a TLS handler")
        try await server.stop()
    }

    func testEmptyAllowListServesEveryone() async throws {
        let server = try await ListenerTestServer.start(tls: nil, allowList: .everyAddress)
        for source in ["127.0.0.1", "127.0.0.2", "127.0.0.3"] {
            _ = try await TestClient.exchange(port: server.port, tls: nil, from: source)
        }
        XCTAssertEqual(server.events.initializedConnections, 3)
        try await server.stop()
    }
}
