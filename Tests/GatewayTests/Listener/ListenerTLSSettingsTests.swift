import Foundation
import Gateway
import XCTest

/// What `makeServerContext()` accepts and the typed error for what it refuses.
final class ListenerTLSSettingsTests: XCTestCase {
    func testKeyFormatsOpenSSLWritesAreAccepted() throws {
        let fixture = try TLSFixture()
        // SEC1 behind an EC PARAMETERS block, as `openssl ecparam -genkey` writes it.
        let sec1 = fixture.pki.path("sec1.key")
        try OpenSSLCommand.run(["ecparam", "-name", "prime256v1", "-genkey", "-out", sec1])
        let sec1Identity = try signedIdentity(for: sec1, named: "sec1", fixture: fixture)
        XCTAssertNoThrow(try settings(sec1Identity).makeServerContext())
        // PKCS#1, as `openssl genrsa -traditional` writes it.
        let pkcs1 = fixture.pki.path("pkcs1.key")
        try OpenSSLCommand.run(["genrsa", "-traditional", "-out", pkcs1, "2048"])
        let pkcs1Identity = try signedIdentity(for: pkcs1, named: "pkcs1", fixture: fixture)
        XCTAssertNoThrow(try settings(pkcs1Identity).makeServerContext())
    }

    func testKeyOfAnotherCertificateIsRefused() throws {
        let fixture = try TLSFixture()
        let other = try fixture.client("other")
        var settings = fixture.settings(.none)
        settings.privateKeyPath = other.keyPath
        assertRefused(settings, .privateKeyDoesNotMatchCertificate(privateKeyPath: other.keyPath, certificatePath: fixture.server.certificatePath))
    }

    func testRSAKeyForECDSACertificateIsRefused() throws {
        let fixture = try TLSFixture()
        var settings = fixture.settings(.none)
        settings.privateKeyPath = try fixture.pki.makeKey("rsa", type: .rsa2048)
        assertRefused(settings, .privateKeyDoesNotMatchCertificate(privateKeyPath: settings.privateKeyPath, certificatePath: fixture.server.certificatePath))
    }

    func testClientAuthenticationWithoutCAFileIsRefused() throws {
        let fixture = try TLSFixture()
        for mode in [ListenerTLSSettings.ClientAuthentication.required, .optional] {
            var settings = fixture.settings(mode)
            settings.clientCAPath = nil
            assertRefused(settings, .clientCAMissing(mode))
        }
    }

    func testMissingDirectoryAndFIFOFilesAreRefused() throws {
        let fixture = try TLSFixture()
        var settings = fixture.settings(.required)

        settings.certificateChainPath = fixture.pki.path("absent.pem")
        assertRefused(settings, .unreadableFile(path: settings.certificateChainPath, errno: ENOENT))

        settings.certificateChainPath = fixture.pki.directory
        assertRefused(settings, .notARegularFile(path: fixture.pki.directory))

        let fifo = fixture.pki.path("ca.fifo")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        settings = fixture.settings(.required)
        settings.clientCAPath = fifo
        assertRefused(settings, .notARegularFile(path: fifo))
    }

    func testOversizedFileIsRefusedBeforeParsing() throws {
        let fixture = try TLSFixture()
        let huge = fixture.pki.path("huge.pem")
        try Data(repeating: 0x41, count: (1 << 20) + 1).write(to: URL(fileURLWithPath: huge))
        var settings = fixture.settings(.required)
        settings.clientCAPath = huge
        assertRefused(settings, .fileTooLarge(path: huge, limit: 1 << 20))
    }

    func testFilesWithoutOrWithBrokenCertificatesAreRefused() throws {
        let fixture = try TLSFixture()
        var settings = fixture.settings(.none)

        settings.certificateChainPath = try write("", to: "empty.pem", fixture)
        assertRefused(settings, .noCertificate(path: settings.certificateChainPath))

        settings.certificateChainPath = fixture.server.keyPath
        assertRefused(settings, .noCertificate(path: settings.certificateChainPath))

        let broken = "-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"
        settings.certificateChainPath = try write(broken, to: "broken.pem", fixture)
        assertRefused(settings, .malformedCertificate(path: settings.certificateChainPath))
    }

    func testUnusableKeysAreRefusedWithoutQuotingThem() throws {
        let fixture = try TLSFixture()
        var settings = fixture.settings(.none)

        settings.privateKeyPath = try write("", to: "empty.key", fixture)
        assertRefused(settings, .malformedPrivateKey(path: settings.privateKeyPath))

        settings.privateKeyPath = fixture.server.certificatePath
        assertRefused(settings, .malformedPrivateKey(path: settings.privateKeyPath))

        // A key protected by a passphrase cannot be used without one.
        let encrypted = fixture.pki.path("encrypted.key")
        try OpenSSLCommand.run([
            "pkcs8", "-topk8", "-in", fixture.server.keyPath, "-out", encrypted, "-passout", "pass:secret-passphrase",
        ])
        settings.privateKeyPath = encrypted
        assertRefused(settings, .malformedPrivateKey(path: encrypted))

        // Two keys in one file: which one is meant is unclear.
        let twoKeys = try String(contentsOfFile: fixture.server.keyPath, encoding: .utf8) + String(contentsOfFile: try fixture.pki.makeKey("second"), encoding: .utf8)
        settings.privateKeyPath = try write(twoKeys, to: "two.key", fixture)
        assertRefused(settings, .malformedPrivateKey(path: settings.privateKeyPath))

        let keyText = try String(contentsOfFile: fixture.server.keyPath, encoding: .utf8)
        let keyLines = keyText.split(separator: "\n").filter { !$0.hasPrefix("-----") }
        for error in [ListenerTLSError.malformedPrivateKey(path: fixture.server.keyPath), .privateKeyDoesNotMatchCertificate(privateKeyPath: fixture.server.keyPath, certificatePath: fixture.server.certificatePath)] {
            for line in keyLines { XCTAssertFalse("\(error)".contains(line)) }
        }
    }

    private func assertRefused(
        _ settings: ListenerTLSSettings,
        _ expected: ListenerTLSError,
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        XCTAssertThrowsError(try settings.makeServerContext(), file: file, line: line) { error in
            XCTAssertEqual(error as? ListenerTLSError, expected, file: file, line: line)
        }
    }

    private func settings(_ identity: TestPKI.Identity) -> ListenerTLSSettings {
        ListenerTLSSettings(certificateChainPath: identity.certificatePath, privateKeyPath: identity.keyPath, clientAuthentication: .none)
    }

    /// A server certificate from the fixture's CA for an existing key.
    private func signedIdentity(for keyPath: String, named name: String, fixture: TLSFixture) throws -> TestPKI.Identity {
        let request = fixture.pki.path("\(name).csr")
        let certificate = fixture.pki.path("\(name).pem")
        try OpenSSLCommand.run(["req", "-new", "-key", keyPath, "-out", request, "-subj", "/CN=localhost"])
        try OpenSSLCommand.run([
            "x509", "-req", "-in", request, "-CA", fixture.ca.certificatePath, "-CAkey", fixture.ca.keyPath,
            "-CAcreateserial", "-days", "2", "-out", certificate,
        ])
        return TestPKI.Identity(certificatePath: certificate, keyPath: keyPath)
    }

    private func write(_ text: String, to name: String, _ fixture: TLSFixture) throws -> String {
        let path = fixture.pki.path(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
