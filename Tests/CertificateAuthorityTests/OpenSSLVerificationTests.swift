import CertificateAuthority
import Foundation
import XCTest

/// `openssl verify` — the check librdkafka's OpenSSL makes — against ca.pem.
final class OpenSSLVerificationTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var authority: CertificateAuthority!
    private var caFile: String { directory.file("ca/ca.pem") }

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        authority = try CertificateAuthority.initialize(at: directory.file("ca"))
    }

    override func tearDown() { directory.remove() }

    private func verify(_ certificate: String, _ options: [String] = [], caFile: String? = nil) throws -> CommandResult {
        try openssl(["verify", "-CAfile", caFile ?? self.caFile] + options + [certificate], in: directory)
    }

    func testClientCertificateVerifiesForClientUseOnly() throws {
        let files = try authority.issueClientCertificate(principal: "alice").write(to: directory.file("out"), name: "alice")
        let plain = try verify(files.certificate)
        XCTAssertEqual(plain.status, 0, plain.combined)
        XCTAssertEqual(plain.output, "\(files.certificate): OK\n")
        XCTAssertEqual(try verify(files.certificate, ["-purpose", "sslclient"]).status, 0)
        let asServer = try verify(files.certificate, ["-purpose", "sslserver"])
        XCTAssertNotEqual(asServer.status, 0, asServer.combined)
        XCTAssertTrue(asServer.combined.contains("certificate purpose"), asServer.combined)
        // The ca.pem written next to the certificate is the one to trust.
        XCTAssertEqual(try verify(files.certificate, caFile: files.certificateAuthority).status, 0)
    }

    func testServerCertificateVerifiesForItsHostsOnly() throws {
        let files = try authority.issueServerCertificate(hosts: ["localhost", "127.0.0.1", "::1"]).write(to: directory.file("out"), name: "server")
        for check in [["-verify_hostname", "localhost"], ["-verify_ip", "127.0.0.1"], ["-verify_ip", "::1"]] {
            let result = try verify(files.certificate, ["-purpose", "sslserver"] + check)
            XCTAssertEqual(result.status, 0, "\(check): \(result.combined)")
        }
        for check in [["-verify_hostname", "example.com"], ["-verify_ip", "127.0.0.2"]] {
            let result = try verify(files.certificate, ["-purpose", "sslserver"] + check)
            XCTAssertNotEqual(result.status, 0, "\(check) should not match")
        }
        XCTAssertNotEqual(try verify(files.certificate, ["-purpose", "sslclient"]).status, 0)
    }

    func testExpiredCertificateFails() throws {
        let files = try authority.issueClientCertificate(
            principal: "expired",
            validity: CertificateValidity(notBefore: Date().addingTimeInterval(-2 * 86_400), notAfter: Date().addingTimeInterval(-86_400))
        ).write(to: directory.file("out"), name: "expired")
        let result = try verify(files.certificate)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.combined.contains("certificate has expired"), result.combined)
    }

    func testCertificateFromAnotherAuthorityFails() throws {
        let other = try CertificateAuthority.generate(commonName: "Someone Else")
        let files = try other.issueClientCertificate(principal: "alice").write(to: directory.file("out"), name: "alice")
        let result = try verify(files.certificate)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.combined.contains("unable to get local issuer certificate"), result.combined)
    }

    func testSameNamedAuthorityWithAnotherKeyFails() throws {
        let other = try CertificateAuthority.generate()
        XCTAssertEqual(other.certificate.subject, authority.certificate.subject)
        let files = try other.issueClientCertificate(principal: "alice").write(to: directory.file("out"), name: "alice")
        XCTAssertNotEqual(try verify(files.certificate).status, 0)
    }

    func testPrivateKeyFileIsPKCS8AndMatchesTheCertificate() throws {
        let files = try authority.issueClientCertificate(principal: "alice").write(to: directory.file("out"), name: "alice")
        let check = try openssl(["pkey", "-in", files.privateKey, "-check", "-noout"], in: directory)
        XCTAssertEqual(check.status, 0, check.combined)
        let fromKey = try openssl(["pkey", "-in", files.privateKey, "-pubout"], in: directory)
        let fromCertificate = try openssl(["x509", "-in", files.certificate, "-noout", "-pubkey"], in: directory)
        XCTAssertEqual(fromKey.status, 0, fromKey.combined)
        XCTAssertFalse(fromKey.output.isEmpty)
        XCTAssertEqual(fromKey.output, fromCertificate.output)
        XCTAssertTrue(try contents(of: files.privateKey).hasPrefix("-----BEGIN PRIVATE KEY-----"))
    }
}
