import Foundation
import Gateway
import NIOSSL
import XCTest

/// Certificates replaced on disk reach new connections without a restart;
/// bad replacements change nothing.
final class ReloadingTLSContextTests: XCTestCase {
    func testNewConnectionsSeeAReplacedCertificateWithinTwoSecondsWhileOpenOnesKeepTheirs() async throws {
        let fixture = try TLSFixture()
        let tls = try ReloadingTLSContext(settings: fixture.settings(.none), listenerName: "reloading", logger: CapturedLogs().logger)
        let poller = Task { await tls.run() }
        defer { poller.cancel() }
        let server = try await ListenerTestServer.start(tls: tls)
        let client = try TLSConfiguration.testClient(trusting: fixture.ca.certificatePath)
        let original = try NIOSSLCertificate.fromPEMFile(fixture.server.certificatePath)[0]
        let renewed = try fixture.pki.issue("renewed", commonName: "localhost", usage: .server, by: fixture.ca)
        let renewedCertificate = try NIOSSLCertificate.fromPEMFile(renewed.certificatePath)[0]

        let openConnection = try await TestClient.connect(port: server.port, tls: client)
        try await openConnection.use { echo in
            let before = try await echo("before")
            XCTAssertEqual(before.serverCertificate, original)

            try replaceFiles(of: fixture.server, with: renewed)
            let clock = ContinuousClock()
            let replacedAt = clock.now
            var seen = original
            while seen != renewedCertificate, clock.now - replacedAt < .seconds(5) {
                try await Task.sleep(for: .milliseconds(50))
                seen = try await TestClient.exchange(port: server.port, tls: client).serverCertificate ?? original
            }
            let delay = clock.now - replacedAt
            XCTAssertEqual(seen, renewedCertificate)
            XCTAssertLessThanOrEqual(delay, .milliseconds(2_500), "new certificate seen after \(delay)")

            let after = try await echo("after")
            XCTAssertEqual(after.serverCertificate, original, "an open connection keeps the certificate it started with")
        }
        try await server.stop()
    }

    func testBadReplacementsKeepTheLastGoodCertificateAndAreLoggedOnce() async throws {
        let fixture = try TLSFixture()
        let logs = CapturedLogs()
        let tls = try ReloadingTLSContext(settings: fixture.settings(.none), listenerName: "reloading", logger: logs.logger)
        let poller = Task { await tls.run() }
        defer { poller.cancel() }
        let server = try await ListenerTestServer.start(tls: tls)
        let client = try TLSConfiguration.testClient(trusting: fixture.ca.certificatePath)
        let original = try NIOSSLCertificate.fromPEMFile(fixture.server.certificatePath)[0]
        let originalKey = try Data(contentsOf: URL(fileURLWithPath: fixture.server.keyPath))

        // A certificate truncated in place (same inode), seen by the poll.
        let certificateText = try Data(contentsOf: URL(fileURLWithPath: fixture.server.certificatePath))
        try certificateText.prefix(certificateText.count / 2).write(to: URL(fileURLWithPath: fixture.server.certificatePath))
        try await Task.sleep(for: .milliseconds(2_500))
        var session = try await TestClient.exchange(port: server.port, tls: client)
        XCTAssertEqual(session.serverCertificate, original)
        let errors = logs.all.filter { $0.level == .error }
        XCTAssertEqual(errors.count, 1, "a broken file set is reported once, not on every poll: \(errors.map(\.text))")
        XCTAssertEqual(errors.first?.metadata["listener"], "reloading")
        XCTAssertEqual(errors.first?.metadata["error"], "\(ListenerTLSError.malformedCertificate(path: fixture.server.certificatePath))")

        // A new certificate with the old key, through an explicit reload.
        let renewed = try fixture.pki.issue("renewed", commonName: "localhost", usage: .server, by: fixture.ca)
        try Data(contentsOf: URL(fileURLWithPath: renewed.certificatePath)).write(to: URL(fileURLWithPath: fixture.server.certificatePath), options: .atomic)
        XCTAssertThrowsError(try tls.reload()) { error in
            XCTAssertEqual(error as? ListenerTLSError, .privateKeyDoesNotMatchCertificate(privateKeyPath: fixture.server.keyPath, certificatePath: fixture.server.certificatePath))
        }
        session = try await TestClient.exchange(port: server.port, tls: client)
        XCTAssertEqual(session.serverCertificate, original)

        // The matching key completes the pair: the next reload takes it.
        try Data(contentsOf: URL(fileURLWithPath: renewed.keyPath)).write(to: URL(fileURLWithPath: fixture.server.keyPath), options: .atomic)
        try tls.reload()
        session = try await TestClient.exchange(port: server.port, tls: client)
        XCTAssertEqual(session.serverCertificate, try NIOSSLCertificate.fromPEMFile(renewed.certificatePath)[0])
        try await server.stop()

        let keyLines = [originalKey, try Data(contentsOf: URL(fileURLWithPath: renewed.keyPath))]
            .flatMap { String(decoding: $0, as: UTF8.self).split(separator: "\n") }
            .filter { !$0.hasPrefix("-----") }
        for entry in logs.all {
            for line in keyLines { XCTAssertFalse(entry.text.contains(line), "key material in a log line") }
        }
    }

    func testReplacedClientCAGovernsNewConnections() async throws {
        let fixture = try TLSFixture()
        // The listener's own copy of the client CA, so that rotating it leaves
        // the clients' trust in the server certificate alone.
        let clientCAPath = fixture.pki.path("client-ca.pem")
        try FileManager.default.copyItem(atPath: fixture.ca.certificatePath, toPath: clientCAPath)
        var settings = fixture.settings(.required)
        settings.clientCAPath = clientCAPath
        let tls = try ReloadingTLSContext(settings: settings, listenerName: "reloading", logger: CapturedLogs().logger)
        let server = try await ListenerTestServer.start(tls: tls)
        let newCA = try fixture.pki.makeCA("new-ca")
        let oldClient = try TLSConfiguration.testClient(trusting: fixture.ca.certificatePath, identity: fixture.client("alice"))
        let newClient = try TLSConfiguration.testClient(
            trusting: fixture.ca.certificatePath,
            identity: fixture.pki.issue("bob", commonName: "bob", usage: .client, by: newCA)
        )
        _ = try await TestClient.exchange(port: server.port, tls: oldClient)
        await assertRefused(port: server.port, tls: newClient, "a client of a CA not yet trusted")

        try Data(contentsOf: URL(fileURLWithPath: newCA.certificatePath)).write(to: URL(fileURLWithPath: clientCAPath), options: .atomic)
        try tls.reload()
        _ = try await TestClient.exchange(port: server.port, tls: newClient)
        await assertRefused(port: server.port, tls: oldClient, "a client of a CA no longer trusted")
        XCTAssertEqual(server.events.identifiedClients, ["CN=alice,O=Portcullis Test", "CN=bob,O=Portcullis Test"])
        try await server.stop()
    }

    func testBadFilesStopTheListenerFromStarting() throws {
        let fixture = try TLSFixture()
        var settings = fixture.settings(.none)
        settings.privateKeyPath = try fixture.client("other").keyPath
        XCTAssertThrowsError(try ReloadingTLSContext(settings: settings, listenerName: "reloading", logger: CapturedLogs().logger)) { error in
            XCTAssertEqual(error as? ListenerTLSError, .privateKeyDoesNotMatchCertificate(privateKeyPath: settings.privateKeyPath, certificatePath: settings.certificateChainPath))
        }
    }

    /// Replaces key and certificate the way deployment tools do: each by
    /// writing a new file and renaming it over the old one.
    private func replaceFiles(of target: TestPKI.Identity, with source: TestPKI.Identity) throws {
        try Data(contentsOf: URL(fileURLWithPath: source.keyPath)).write(to: URL(fileURLWithPath: target.keyPath), options: .atomic)
        try Data(contentsOf: URL(fileURLWithPath: source.certificatePath)).write(to: URL(fileURLWithPath: target.certificatePath), options: .atomic)
    }
}
