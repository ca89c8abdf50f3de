import CertificateAuthority
import Foundation
import NIOSSL
import XCTest

/// Real TLS handshakes over loopback sockets between NIOSSL servers and
/// clients that load the files the CA wrote, as the gateway will.
final class TLSHandshakeTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var authority: CertificateAuthority!
    private var loopback: TLSLoopback!
    private var server: IssuedCertificateFiles!
    private var alice: IssuedCertificateFiles!

    override func setUp() async throws {
        directory = try TemporaryDirectory()
        authority = try CertificateAuthority.initialize(at: directory.file("ca"))
        server = try authority.issueServerCertificate(hosts: ["localhost", "127.0.0.1", "::1"]).write(to: directory.file("server"), name: "server")
        alice = try authority.issueClientCertificate(principal: "alice", subjectExtra: "OU=payments").write(to: directory.file("client"), name: "alice")
        loopback = TLSLoopback()
    }

    override func tearDown() async throws {
        try await loopback.shutdown()
        directory.remove()
    }

    private func serverConfiguration(presenting files: IssuedCertificateFiles? = nil) throws -> TLSConfiguration {
        let files = files ?? server!
        var configuration = TLSConfiguration.makeServerConfigurationWithMTLS(
            certificateChain: try NIOSSLCertificate.fromPEMFile(files.certificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: files.privateKey, format: .pem)),
            trustRoots: .certificates(try NIOSSLCertificate.fromPEMFile(files.certificateAuthority))
        )
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }

    private func clientConfiguration(presenting files: IssuedCertificateFiles?) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(alice.certificateAuthority))
        if let files {
            configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(files.certificate).map { .certificate($0) }
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: files.privateKey, format: .pem))
        }
        return configuration
    }

    func testNIOSSLLoadsTheWrittenFiles() throws {
        XCTAssertEqual(try NIOSSLCertificate.fromPEMFile(alice.certificate).count, 1)
        XCTAssertEqual(try NIOSSLCertificate.fromPEMFile(alice.certificateAuthority).count, 1)
        let key = try NIOSSLPrivateKey(file: alice.privateKey, format: .pem)
        let inMemory = try authority.issueClientCertificate(principal: "bob")
        let fromDER = try NIOSSLPrivateKey(bytes: try inMemory.privateKey.serializeAsPEM().derBytes, format: .der)
        XCTAssertNotEqual(key, fromDER)
        XCTAssertEqual(try NIOSSLCertificate(bytes: Array(inMemory.certificatePEM.utf8), format: .pem).toDERBytes().count > 0, true)
    }

    func testMutualTLSWithTheClientCertificate() async throws {
        try loopback.start(try serverConfiguration())
        let client = try await loopback.connect(try clientConfiguration(presenting: alice), serverHostname: "localhost")
        XCTAssertEqual(try client.get(), "CN=localhost")
        let server = await loopback.serverOutcome()
        XCTAssertEqual(try server.get(), "CN=alice,OU=payments", "the server sees the principal's subject")
    }

    func testServerCertificateMatchesItsIPAddress() async throws {
        try loopback.start(try serverConfiguration())
        let client = try await loopback.connect(try clientConfiguration(presenting: alice), serverHostname: nil)
        XCTAssertEqual(try client.get(), "CN=localhost", "checked against 127.0.0.1")
    }

    /// NIOSSL accepts a certificate whose IP SAN is the address connected to,
    /// whatever the hostname, so these use a certificate with a DNS name only.
    func testClientRefusesAServerCertificateForAnotherHost() async throws {
        let named = try authority.issueServerCertificate(hosts: ["localhost"]).write(to: directory.file("named"), name: "server")
        try loopback.start(try serverConfiguration(presenting: named))
        let matching = try await loopback.connect(try clientConfiguration(presenting: alice), serverHostname: "localhost")
        XCTAssertEqual(try matching.get(), "CN=localhost")
        let other = try await loopback.connect(try clientConfiguration(presenting: alice), serverHostname: "gateway.example.com")
        XCTAssertThrowsError(try other.get())
        let byAddress = try await loopback.connect(try clientConfiguration(presenting: alice), serverHostname: nil)
        XCTAssertThrowsError(try byAddress.get(), "127.0.0.1 is not among the names")
    }

    func testServerRefusesAnExpiredClientCertificate() async throws {
        let expired = try authority.issueClientCertificate(
            principal: "expired",
            validity: CertificateValidity(notBefore: Date().addingTimeInterval(-2 * 86_400), notAfter: Date().addingTimeInterval(-60))
        ).write(to: directory.file("client"), name: "expired")
        try loopback.start(try serverConfiguration())
        _ = try await loopback.connect(try clientConfiguration(presenting: expired), serverHostname: "localhost")
        let server = await loopback.serverOutcome()
        XCTAssertThrowsError(try server.get())
        XCTAssertTrue("\(server)".contains("CERTIFICATE_VERIFY_FAILED") || "\(server)".contains("certificate"), "\(server)")
    }

    func testServerRefusesAClientCertificateFromAnotherAuthority() async throws {
        let stranger = try CertificateAuthority.generate()
        let files = try stranger.issueClientCertificate(principal: "alice").write(to: directory.file("stranger"), name: "alice")
        try loopback.start(try serverConfiguration())
        _ = try await loopback.connect(try clientConfiguration(presenting: files), serverHostname: "localhost")
        let server = await loopback.serverOutcome()
        XCTAssertThrowsError(try server.get())
    }

    func testServerRefusesAServerCertificateUsedAsAClientCertificate() async throws {
        try loopback.start(try serverConfiguration())
        _ = try await loopback.connect(try clientConfiguration(presenting: server), serverHostname: "localhost")
        let outcome = await loopback.serverOutcome()
        XCTAssertThrowsError(try outcome.get(), "EKU serverAuth does not allow client authentication")
    }

    func testServerRefusesAClientWithoutACertificate() async throws {
        try loopback.start(try serverConfiguration())
        _ = try await loopback.connect(try clientConfiguration(presenting: nil), serverHostname: "localhost")
        let server = await loopback.serverOutcome()
        XCTAssertThrowsError(try server.get())
    }

    /// OpenSSL — librdkafka's TLS library — loading the written files as
    /// `ssl.certificate.location`, `ssl.key.location` and `ssl.ca.location`.
    func testOpenSSLClientUsesTheFilesForMutualTLS() async throws {
        try loopback.start(try serverConfiguration())
        let port = loopback.port
        let directory = self.directory!
        let alice = self.alice!
        let result = try await Task.detached {
            try openssl([
                "s_client", "-connect", "127.0.0.1:\(port)", "-servername", "localhost", "-verify_hostname", "localhost",
                "-CAfile", alice.certificateAuthority, "-cert", alice.certificate, "-key", alice.privateKey,
                "-verify_return_error", "-brief",
            ], in: directory)
        }.value
        XCTAssertEqual(result.status, 0, result.combined)
        XCTAssertTrue(result.combined.contains("Verification: OK"), result.combined)
        let server = await loopback.serverOutcome()
        XCTAssertEqual(try server.get(), "CN=alice,OU=payments")
    }

    /// librdkafka (through kcat) with exactly the three properties the files are for.
    /// The server speaks no Kafka, so kcat gives up after its handshake.
    func testLibrdkafkaUsesTheFilesForMutualTLS() async throws {
        try loopback.start(try serverConfiguration())
        let port = loopback.port
        let directory = self.directory!
        let alice = self.alice!
        let kcat = Task.detached {
            try runCommand([
                "kcat", "-L", "-m", "2", "-b", "127.0.0.1:\(port)", "-X", "security.protocol=SSL",
                "-X", "ssl.endpoint.identification.algorithm=https", "-X", "ssl.ca.location=\(alice.certificateAuthority)",
                "-X", "ssl.certificate.location=\(alice.certificate)", "-X", "ssl.key.location=\(alice.privateKey)",
            ], in: directory)
        }
        let server = await loopback.serverOutcome()
        let result = try await kcat.value
        XCTAssertNotEqual(result.status, 127, "kcat is not installed: \(result.errorOutput)")
        XCTAssertEqual(try server.get(), "CN=alice,OU=payments", result.combined)
    }
}
