import CertificateAuthority
import Foundation
import X509
import XCTest

/// `initialize(at:)`, `load(from:)` and `loadOrInitialize(at:)` on real files.
final class CertificateAuthorityStorageTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var caDirectory: String { CertificateAuthority.directory(dataDirectory: directory.path) }

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    func testInitializeWritesCertificateAndPKCS8KeyWithTheirModes() throws {
        let authority = try CertificateAuthority.initialize(at: caDirectory)
        XCTAssertEqual(caDirectory, directory.path + "/ca")
        XCTAssertEqual(try mode(of: caDirectory), 0o700)
        XCTAssertEqual(try mode(of: caDirectory + "/ca.pem"), 0o644)
        XCTAssertEqual(try mode(of: caDirectory + "/ca.key"), 0o600)
        XCTAssertEqual(try contents(of: caDirectory + "/ca.pem"), authority.certificatePEM)
        let key = try contents(of: caDirectory + "/ca.key")
        XCTAssertTrue(key.hasPrefix("-----BEGIN PRIVATE KEY-----\n"), key.prefix(40).description)
        XCTAssertTrue(key.hasSuffix("-----END PRIVATE KEY-----\n"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: caDirectory).sorted(), ["ca.key", "ca.pem"], "no temporary file is left")
    }

    func testModesDoNotDependOnTheUmask() throws {
        let previous = umask(0o077)
        defer { umask(previous) }
        _ = try CertificateAuthority.initialize(at: caDirectory)
        XCTAssertEqual(try mode(of: caDirectory + "/ca.pem"), 0o644)
        XCTAssertEqual(try mode(of: caDirectory + "/ca.key"), 0o600)
    }

    func testLoadReadsBackTheSameAuthority() throws {
        let created = try CertificateAuthority.initialize(at: caDirectory, commonName: "Test Root", validity: .days(30))
        let loaded = try CertificateAuthority.load(from: caDirectory)
        XCTAssertEqual(loaded.certificate, created.certificate)
        XCTAssertEqual(loaded.certificate.subject.description, "CN=Test Root")
        // The loaded key signs certificates that verify under the stored certificate.
        let issued = try loaded.issueClientCertificate(principal: "alice", validity: .days(1))
        XCTAssertEqual(issued.certificate.issuer, created.certificate.subject)
        XCTAssertTrue(created.certificate.publicKey.isValidSignature(issued.certificate.signature, for: issued.certificate))
    }

    func testRefusesToOverwriteAnExistingAuthorityAndLeavesItAlone() throws {
        _ = try CertificateAuthority.initialize(at: caDirectory)
        let certificate = try contents(of: caDirectory + "/ca.pem")
        let key = try contents(of: caDirectory + "/ca.key")
        XCTAssertThrowsError(try CertificateAuthority.initialize(at: caDirectory)) { error in
            XCTAssertEqual(error as? CertificateAuthorityError, .alreadyExists(path: caDirectory + "/ca.key"))
        }
        XCTAssertEqual(try contents(of: caDirectory + "/ca.pem"), certificate)
        XCTAssertEqual(try contents(of: caDirectory + "/ca.key"), key)
    }

    func testRefusesWhenOnlyTheCertificateIsThere() throws {
        _ = try CertificateAuthority.initialize(at: caDirectory)
        try FileManager.default.removeItem(atPath: caDirectory + "/ca.key")
        XCTAssertThrowsError(try CertificateAuthority.initialize(at: caDirectory)) { error in
            XCTAssertEqual(error as? CertificateAuthorityError, .alreadyExists(path: caDirectory + "/ca.pem"))
        }
    }

    func testOverwriteReplacesTheAuthority() throws {
        let first = try CertificateAuthority.initialize(at: caDirectory)
        let second = try CertificateAuthority.initialize(at: caDirectory, overwrite: true)
        XCTAssertNotEqual(first.certificate, second.certificate)
        XCTAssertEqual(try CertificateAuthority.load(from: caDirectory).certificate, second.certificate)
        XCTAssertEqual(try mode(of: caDirectory + "/ca.key"), 0o600)
    }

    func testLoadRefusesAKeyOthersCanRead() throws {
        _ = try CertificateAuthority.initialize(at: caDirectory)
        for permissions in [0o640, 0o604, 0o660, 0o644] {
            XCTAssertEqual(chmod(caDirectory + "/ca.key", mode_t(permissions)), 0)
            XCTAssertThrowsError(try CertificateAuthority.load(from: caDirectory)) { error in
                XCTAssertEqual(error as? CertificateAuthorityError, .insecurePermissions(path: caDirectory + "/ca.key", mode: UInt32(permissions)))
                XCTAssertTrue("\(error)".contains("chmod 600"), "\(error)")
            }
        }
        XCTAssertEqual(chmod(caDirectory + "/ca.key", 0o400), 0)
        XCTAssertNoThrow(try CertificateAuthority.load(from: caDirectory), "owner-read-only is fine")
    }

    func testLoadNamesTheMissingFile() throws {
        XCTAssertThrowsError(try CertificateAuthority.load(from: caDirectory)) { error in
            XCTAssertEqual(error as? CertificateAuthorityError, .missingFile(path: caDirectory + "/ca.pem"))
        }
        _ = try CertificateAuthority.initialize(at: caDirectory)
        try FileManager.default.removeItem(atPath: caDirectory + "/ca.key")
        XCTAssertThrowsError(try CertificateAuthority.load(from: caDirectory)) { error in
            XCTAssertEqual(error as? CertificateAuthorityError, .missingFile(path: caDirectory + "/ca.key"))
        }
    }

    func testLoadRefusesADirectoryInPlaceOfTheKey() throws {
        _ = try CertificateAuthority.initialize(at: caDirectory)
        try FileManager.default.removeItem(atPath: caDirectory + "/ca.key")
        XCTAssertEqual(mkdir(caDirectory + "/ca.key", 0o700), 0)
        XCTAssertThrowsError(try CertificateAuthority.load(from: caDirectory)) { error in
            XCTAssertEqual(error as? CertificateAuthorityError, .notARegularFile(path: caDirectory + "/ca.key"))
        }
    }

    func testLoadRefusesMalformedFilesWithoutQuotingTheKey() throws {
        _ = try CertificateAuthority.initialize(at: caDirectory)
        let key = try contents(of: caDirectory + "/ca.key")
        let keyBody = key.split(separator: "\n")[1]

        try "not a certificate\n".write(toFile: caDirectory + "/ca.pem", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CertificateAuthority.load(from: caDirectory)) { error in
            guard case .malformedCertificate(let path, _)? = error as? CertificateAuthorityError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, caDirectory + "/ca.pem")
        }

        _ = try CertificateAuthority.initialize(at: caDirectory, overwrite: true)
        let truncated = String(key.prefix(80)) + "\n-----END PRIVATE KEY-----\n"
        let corrupt = key.replacingOccurrences(of: String(keyBody.prefix(8)), with: "!!!!!!!!")
        let wrongLabel = key.replacingOccurrences(of: "PRIVATE KEY", with: "ENCRYPTED PRIVATE KEY")
        for text in [truncated, corrupt, wrongLabel, "", "garbage"] {
            try writePrivateFile(text, to: caDirectory + "/ca.key")
            XCTAssertThrowsError(try CertificateAuthority.load(from: caDirectory)) { error in
                guard case .malformedPrivateKey(let path, _)? = error as? CertificateAuthorityError else { return XCTFail("\(error)") }
                XCTAssertEqual(path, caDirectory + "/ca.key")
                XCTAssertFalse("\(error)".contains(keyBody.prefix(16)), "the error quotes the key: \(error)")
            }
        }
    }

    func testLoadRefusesAKeyThatIsNotTheCertificates() throws {
        _ = try CertificateAuthority.initialize(at: caDirectory)
        let other = try TemporaryDirectory()
        defer { other.remove() }
        _ = try CertificateAuthority.initialize(at: other.path)
        try writePrivateFile(try contents(of: other.file("ca.key")), to: caDirectory + "/ca.key")
        XCTAssertThrowsError(try CertificateAuthority.load(from: caDirectory)) { error in
            XCTAssertEqual(error as? CertificateAuthorityError, .keyDoesNotMatchCertificate(path: caDirectory + "/ca.key"))
        }
    }

    func testLoadRefusesALeafCertificateInPlaceOfTheCA() throws {
        let authority = try CertificateAuthority.initialize(at: caDirectory)
        let issued = try authority.issueClientCertificate(principal: "mallory")
        let files = try issued.write(to: directory.path + "/leaf", name: "mallory")
        try FileManager.default.removeItem(atPath: caDirectory + "/ca.pem")
        try FileManager.default.removeItem(atPath: caDirectory + "/ca.key")
        try FileManager.default.copyItem(atPath: files.certificate, toPath: caDirectory + "/ca.pem")
        try FileManager.default.copyItem(atPath: files.privateKey, toPath: caDirectory + "/ca.key")
        XCTAssertThrowsError(try CertificateAuthority.load(from: caDirectory)) { error in
            XCTAssertEqual(error as? CertificateAuthorityError, .notACertificateAuthority(path: caDirectory + "/ca.pem"))
        }
    }

    func testLoadAcceptsAnOpenSSLMadeSEC1Key() throws {
        _ = try openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", directory.file("ec.key")], in: directory)
        let made = try openssl([
            "req", "-x509", "-new", "-key", directory.file("ec.key"), "-subj", "/CN=Brought Along", "-days", "30",
            "-addext", "basicConstraints=critical,CA:TRUE,pathlen:0", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            "-out", directory.file("ca.pem"),
        ], in: directory)
        XCTAssertEqual(made.status, 0, made.combined)
        XCTAssertTrue(try contents(of: directory.file("ec.key")).contains("BEGIN EC PRIVATE KEY"))
        try FileManager.default.moveItem(atPath: directory.file("ec.key"), toPath: directory.file("ca.key"))
        XCTAssertEqual(chmod(directory.file("ca.key"), 0o600), 0)
        let authority = try CertificateAuthority.load(from: directory.path)
        XCTAssertEqual(authority.certificate.subject.description, "CN=Brought Along")
    }

    func testLoadOrInitializeCreatesOnceThenLoads() throws {
        let first = try CertificateAuthority.loadOrInitialize(at: caDirectory)
        XCTAssertTrue(first.created)
        let second = try CertificateAuthority.loadOrInitialize(at: caDirectory)
        XCTAssertFalse(second.created)
        XCTAssertEqual(second.authority.certificate, first.authority.certificate)
        try FileManager.default.removeItem(atPath: caDirectory + "/ca.pem")
        XCTAssertThrowsError(try CertificateAuthority.loadOrInitialize(at: caDirectory), "half a CA is not silently replaced") { error in
            XCTAssertEqual(error as? CertificateAuthorityError, .missingFile(path: caDirectory + "/ca.pem"))
        }
    }

    func testAuthorityCertificateIsAValidCA() throws {
        let authority = try CertificateAuthority.generate(validity: .days(3650))
        let certificate = authority.certificate
        XCTAssertEqual(certificate.subject, certificate.issuer)
        XCTAssertEqual(try certificate.extensions.basicConstraints, .isCertificateAuthority(maxPathLength: 0))
        XCTAssertEqual(try certificate.extensions.keyUsage, KeyUsage(keyCertSign: true, cRLSign: true))
        XCTAssertNotNil(try certificate.extensions.subjectKeyIdentifier)
        XCTAssertEqual(certificate.signatureAlgorithm, .ecdsaWithSHA256)
        XCTAssertEqual(certificate.notValidAfter.timeIntervalSince(certificate.notValidBefore), 3650 * 86_400 + 3_600, accuracy: 2)
        XCTAssertTrue(certificate.publicKey.isValidSignature(certificate.signature, for: certificate))
    }

    private func writePrivateFile(_ text: String, to path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]))
    }
}
