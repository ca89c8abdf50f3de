import Gateway
import NIOSSL
import XCTest

/// Runs `body` against a TLS listener on a fresh fixture, stopping the
/// listener however `body` ends.
func withTLSListener(
    _ clientAuthentication: ListenerTLSSettings.ClientAuthentication,
    serverKeyType: TestPKI.KeyType = .ecdsaP256,
    _ body: (TLSFixture, Int, ListenerTestServer) async throws -> Void
) async throws {
    let fixture = try TLSFixture(serverKeyType: serverKeyType)
    let tls = try ReloadingTLSContext(
        settings: fixture.settings(clientAuthentication),
        listenerName: "test",
        logger: CapturedLogs().logger
    )
    let server = try await ListenerTestServer.start(tls: tls)
    do {
        try await body(fixture, server.port, server)
    } catch {
        try? await server.stop()
        throw error
    }
    try await server.stop()
}

/// Fails unless a connection is refused: the echo never comes back.
func assertRefused(
    port: Int,
    tls: TLSConfiguration?,
    from source: String? = nil,
    _ message: String,
    file: StaticString = #filePath,
    line: UInt = #line
) async {
    do {
        _ = try await TestClient.exchange(port: port, tls: tls, from: source)
        XCTFail("\(message): the connection was accepted", file: file, line: line)
    } catch {
        // Refused: a handshake alert, a reset or an orderly close, as the client saw it.
    }
}
