import Gateway
import NIOSSL
import XCTest

/// Client certificates under each client-authentication mode, and the
/// verified leaf the server side reads after the handshake.
final class MutualTLSTests: XCTestCase {
    func testRequiredAcceptsTrustedClientAndExposesItsVerifiedLeaf() async throws {
        try await withTLSListener(.required) { fixture, port, server in
            for version in [TLSVersion.tlsv12, .tlsv13] {
                let client = try TLSConfiguration.testClient(
                    trusting: fixture.ca.certificatePath,
                    identity: fixture.client("alice"),
                    minimumVersion: version,
                    maximumVersion: version
                )
                let session = try await TestClient.exchange(port: port, tls: client)
                XCTAssertEqual(session.tlsVersion, version)
            }
            let subjects = server.events.identifiedClients
            XCTAssertEqual(subjects.count, 2)
            for subject in subjects {
                XCTAssertEqual(subject, "CN=alice,O=Portcullis Test")
            }
        }
    }

    func testRequiredRefusesClientWithoutCertificate() async throws {
        try await withTLSListener(.required) { fixture, port, server in
            for version in [TLSVersion.tlsv12, .tlsv13] {
                let client = try TLSConfiguration.testClient(
                    trusting: fixture.ca.certificatePath,
                    minimumVersion: version,
                    maximumVersion: version
                )
                await assertRefused(port: port, tls: client, "no certificate over \(version)")
            }
            XCTAssertEqual(server.events.identifiedClients.count, 0)
        }
    }

    func testRequiredRefusesCertificateFromUntrustedCA() async throws {
        try await withTLSListener(.required) { fixture, port, server in
            let rogueCA = try fixture.pki.makeCA("rogue-ca")
            let mallory = try fixture.pki.issue("mallory", commonName: "alice", usage: .client, by: rogueCA)
            for version in [TLSVersion.tlsv12, .tlsv13] {
                let client = try TLSConfiguration.testClient(
                    trusting: fixture.ca.certificatePath,
                    identity: mallory,
                    minimumVersion: version,
                    maximumVersion: version
                )
                await assertRefused(port: port, tls: client, "untrusted CA over \(version)")
            }
            XCTAssertEqual(server.events.identifiedClients.count, 0)
        }
    }

    func testRequiredRefusesExpiredClientCertificate() async throws {
        try await withTLSListener(.required) { fixture, port, server in
            let client = try TLSConfiguration.testClient(
                trusting: fixture.ca.certificatePath,
                identity: fixture.client("alice", expired: true)
            )
            await assertRefused(port: port, tls: client, "expired certificate")
            XCTAssertEqual(server.events.identifiedClients.count, 0)
        }
    }

    func testRequiredRefusesCertificateIssuedForServersOnly() async throws {
        try await withTLSListener(.required) { fixture, port, server in
            let serverOnly = try fixture.pki.issue("server-only", commonName: "alice", usage: .server, by: fixture.ca)
            let client = try TLSConfiguration.testClient(trusting: fixture.ca.certificatePath, identity: serverOnly)
            await assertRefused(port: port, tls: client, "serverAuth-only certificate")
            XCTAssertEqual(server.events.identifiedClients.count, 0)
        }
    }

    func testOptionalAcceptsClientsWithAndWithoutCertificateButRefusesUntrustedOnes() async throws {
        try await withTLSListener(.optional) { fixture, port, server in
            let anonymous = try TLSConfiguration.testClient(trusting: fixture.ca.certificatePath)
            _ = try await TestClient.exchange(port: port, tls: anonymous)
            let alice = try TLSConfiguration.testClient(trusting: fixture.ca.certificatePath, identity: fixture.client("bob"))
            _ = try await TestClient.exchange(port: port, tls: alice)
            XCTAssertEqual(server.events.identifiedClients, [nil, "CN=bob,O=Portcullis Test"])

            let rogueCA = try fixture.pki.makeCA("rogue-ca")
            let mallory = try fixture.pki.issue("mallory", commonName: "bob", usage: .client, by: rogueCA)
            let untrusted = try TLSConfiguration.testClient(trusting: fixture.ca.certificatePath, identity: mallory)
            await assertRefused(port: port, tls: untrusted, "untrusted certificate on an optional listener")
            XCTAssertEqual(server.events.identifiedClients.count, 2)
        }
    }

    func testNoneNeverSeesAClientCertificate() async throws {
        try await withTLSListener(.none) { fixture, port, server in
            let client = try TLSConfiguration.testClient(trusting: fixture.ca.certificatePath, identity: fixture.client("carol"))
            _ = try await TestClient.exchange(port: port, tls: client)
            XCTAssertEqual(server.events.identifiedClients, [nil])
        }
    }

    func testVerifiedClientCertificateOnAPlaintextConnectionIsAnError() async throws {
        let server = try await ListenerTestServer.start(tls: nil)
        _ = try await TestClient.exchange(port: server.port, tls: nil)
        try await server.stop()
        XCTAssertEqual(server.events.identifiedClients, [])
        XCTAssertEqual(server.events.errors, ["\(VerifiedClientCertificateError.noTLSHandler)"])
    }
}
