import CertificateAuthority
import Foundation
import XCTest

/// The `NAME.pem` / `NAME.key` / `ca.pem` layout clients point at.
final class IssuedCertificateFilesTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var authority: CertificateAuthority!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        authority = try CertificateAuthority.generate()
    }

    override func tearDown() { directory.remove() }

    func testWritesTheThreeFilesWithTheirModes() throws {
        let issued = try authority.issueClientCertificate(principal: "alice")
        let out = directory.file("certs/client")
        let files = try issued.write(to: out, name: "alice")
        XCTAssertEqual(files.certificate, out + "/alice.pem")
        XCTAssertEqual(files.privateKey, out + "/alice.key")
        XCTAssertEqual(files.certificateAuthority, out + "/ca.pem")
        XCTAssertEqual(try mode(of: out), 0o700)
        XCTAssertEqual(try mode(of: files.certificate), 0o644)
        XCTAssertEqual(try mode(of: files.privateKey), 0o600)
        XCTAssertEqual(try mode(of: files.certificateAuthority), 0o644)
        XCTAssertEqual(try contents(of: files.certificate), issued.certificatePEM)
        XCTAssertEqual(try contents(of: files.certificateAuthority), authority.certificatePEM)
        XCTAssertEqual(try contents(of: files.certificate).components(separatedBy: "BEGIN CERTIFICATE").count, 2, "the leaf alone")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out).sorted(), ["alice.key", "alice.pem", "ca.pem"])
    }

    func testRefusesToReplaceAnIssuedCertificateUnlessTold() throws {
        let first = try authority.issueClientCertificate(principal: "alice")
        let files = try first.write(to: directory.path, name: "alice")
        let second = try authority.issueClientCertificate(principal: "alice")
        XCTAssertThrowsError(try second.write(to: directory.path, name: "alice")) { error in
            XCTAssertEqual(error as? CertificateAuthorityError, .alreadyExists(path: files.privateKey))
        }
        XCTAssertEqual(try contents(of: files.certificate), first.certificatePEM)
        try second.write(to: directory.path, name: "alice", overwrite: true)
        XCTAssertEqual(try contents(of: files.certificate), second.certificatePEM)
        XCTAssertEqual(try mode(of: files.privateKey), 0o600)
    }

    func testCACertificateIsBroughtUpToDate() throws {
        try authority.issueClientCertificate(principal: "alice").write(to: directory.path, name: "alice")
        let newAuthority = try CertificateAuthority.generate()
        let files = try newAuthority.issueClientCertificate(principal: "bob").write(to: directory.path, name: "bob")
        XCTAssertEqual(try contents(of: files.certificateAuthority), newAuthority.certificatePEM)
    }

    func testFileNamesThatAreRefused() throws {
        let issued = try authority.issueClientCertificate(principal: "alice")
        for name in ["", "ca", "../alice", "a/b", ".hidden", "a b", "é"] {
            XCTAssertThrowsError(try issued.write(to: directory.path, name: name), name) { error in
                guard case .invalidFileName(name, _)? = error as? CertificateAuthorityError else { return XCTFail("\(name): \(error)") }
            }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [], "nothing is written")
    }
}
