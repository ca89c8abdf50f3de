import CertificateAuthority
import Foundation
import X509
import XCTest

/// What issued certificates contain, as OpenSSL reads them.
final class IssuedCertificateContentsTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var authority: CertificateAuthority!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        authority = try CertificateAuthority.initialize(at: directory.file("ca"))
    }

    override func tearDown() { directory.remove() }

    func testAuthorityAsOpenSSLSeesIt() throws {
        let text = try openssl(["x509", "-in", directory.file("ca/ca.pem"), "-noout", "-text"], in: directory)
        XCTAssertEqual(text.status, 0, text.combined)
        for expected in [
            "Signature Algorithm: ecdsa-with-SHA256", "NIST CURVE: P-256", "X509v3 Basic Constraints: critical",
            "CA:TRUE, pathlen:0", "X509v3 Key Usage: critical", "Certificate Sign, CRL Sign", "X509v3 Subject Key Identifier",
            "Issuer: CN = Portcullis CA", "Subject: CN = Portcullis CA",
        ] {
            XCTAssertTrue(text.output.contains(expected), "missing \(expected) in\n\(text.output)")
        }
    }

    func testClientCertificateAsOpenSSLSeesIt() throws {
        let issued = try authority.issueClientCertificate(principal: "alice", subjectExtra: "OU=payments, O = Example Corp\\, Inc.,C=de")
        XCTAssertEqual(issued.certificate.subject.description, "CN=alice,OU=payments,O=Example Corp\\, Inc.,C=DE")
        let files = try issued.write(to: directory.file("client"), name: "alice")
        let text = try openssl(["x509", "-in", files.certificate, "-noout", "-text"], in: directory)
        XCTAssertEqual(text.status, 0, text.combined)
        for expected in [
            "X509v3 Extended Key Usage: \n                TLS Web Client Authentication\n", "X509v3 Key Usage: critical\n                Digital Signature\n",
            "CA:FALSE", "X509v3 Authority Key Identifier", "X509v3 Subject Key Identifier", "Signature Algorithm: ecdsa-with-SHA256",
            "NIST CURVE: P-256",
        ] {
            XCTAssertTrue(text.output.contains(expected), "missing \(expected) in\n\(text.output)")
        }
        XCTAssertFalse(text.output.contains("Subject Alternative Name"))

        let subject = try openssl(["x509", "-in", files.certificate, "-noout", "-subject", "-nameopt", "RFC2253"], in: directory)
        XCTAssertEqual(subject.output, "subject=CN=alice,OU=payments,O=Example Corp\\, Inc.,C=DE\n")
    }

    func testAuthorityKeyIdentifierIsTheCAsSubjectKeyIdentifier() throws {
        let issued = try authority.issueClientCertificate(principal: "alice")
        let authorityKeyIdentifier = try XCTUnwrap(try issued.certificate.extensions.authorityKeyIdentifier?.keyIdentifier)
        let subjectKeyIdentifier = try XCTUnwrap(try authority.certificate.extensions.subjectKeyIdentifier?.keyIdentifier)
        XCTAssertEqual(authorityKeyIdentifier, subjectKeyIdentifier)
        XCTAssertEqual(issued.certificateAuthority, authority.certificate)
        XCTAssertEqual(issued.certificateAuthorityPEM, authority.certificatePEM)
    }

    func testServerCertificateAsOpenSSLSeesIt() throws {
        let files = try authority.issueServerCertificate(hosts: ["localhost", "127.0.0.1", "::1", "*.gateway.example", "LOCALHOST"])
            .write(to: directory.file("server"), name: "server")
        let text = try openssl(["x509", "-in", files.certificate, "-noout", "-text"], in: directory)
        XCTAssertEqual(text.status, 0, text.combined)
        for expected in [
            "TLS Web Server Authentication", "Digital Signature", "CA:FALSE", "Subject: CN = localhost",
            "DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:*.gateway.example\n",
        ] {
            XCTAssertTrue(text.output.contains(expected), "missing \(expected) in\n\(text.output)")
        }
        XCTAssertFalse(text.output.contains("Client Authentication"))
    }

    func testSerialNumbersAreSixteenRandomPositiveBytes() throws {
        var serials = Set<String>()
        for index in 0..<20 {
            let files = try authority.issueClientCertificate(principal: "user\(index)").write(to: directory.file("serials"), name: "user\(index)")
            let serial = try openssl(["x509", "-in", files.certificate, "-noout", "-serial"], in: directory).output
            let hex = serial.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "serial=", with: "")
            XCTAssertEqual(hex.count, 32, serial)
            XCTAssertTrue("4567".contains(hex.first!), "positive with a set second bit: \(hex)")
            serials.insert(hex)
        }
        XCTAssertEqual(serials.count, 20)
    }

    func testEachCertificateHasItsOwnKey() throws {
        let first = try authority.issueClientCertificate(principal: "alice")
        let second = try authority.issueClientCertificate(principal: "alice")
        XCTAssertNotEqual(first.certificate.publicKey, second.certificate.publicKey)
        XCTAssertNotEqual(first.certificate.publicKey, authority.certificate.publicKey)
        XCTAssertEqual(first.privateKey.publicKey, first.certificate.publicKey)
    }

    func testExplicitValidityWindowIsKept() throws {
        let notBefore = Date(timeIntervalSince1970: 1_700_000_000)
        let issued = try authority.issueClientCertificate(
            principal: "old", validity: CertificateValidity(notBefore: notBefore, notAfter: notBefore.addingTimeInterval(86_400))
        )
        XCTAssertEqual(issued.certificate.notValidBefore, notBefore)
        XCTAssertEqual(issued.certificate.notValidAfter, notBefore.addingTimeInterval(86_400))
        let defaulted = try authority.issueServerCertificate(hosts: ["localhost"])
        XCTAssertEqual(defaulted.certificate.notValidAfter.timeIntervalSinceNow, 365 * 86_400, accuracy: 60)
        XCTAssertEqual(defaulted.certificate.notValidBefore.timeIntervalSinceNow, -3_600, accuracy: 60)
    }
}
