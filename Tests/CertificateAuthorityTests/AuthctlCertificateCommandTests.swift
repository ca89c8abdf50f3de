import Foundation
import XCTest

/// `authctl ca init` and `authctl cert issue` as a user runs them (the
/// authctl binary that `swift build --build-tests` puts next to the tests).
final class AuthctlCertificateCommandTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    private func authctl(_ arguments: [String]) throws -> CommandResult {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("authctl").path
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: binary), "\(binary) is missing: build it with `swift build --build-tests`")
        return try runCommand([binary] + arguments, in: directory)
    }

    func testInitIssueAndVerify() throws {
        let data = directory.file("data")
        let created = try authctl(["ca", "init", "--data-dir", data])
        XCTAssertEqual(created.status, 0, created.combined)
        XCTAssertTrue(created.output.contains("created CA CN=Portcullis CA"), created.output)
        XCTAssertTrue(created.output.contains(data + "/ca/ca.key"), created.output)
        XCTAssertEqual(try mode(of: data + "/ca/ca.key"), 0o600)

        let again = try authctl(["ca", "init", "--data-dir", data])
        XCTAssertNotEqual(again.status, 0)
        XCTAssertTrue(again.errorOutput.contains("ca.key already exists; --force replaces it"), again.combined)

        let out = directory.file("client")
        let client = try authctl(["cert", "issue", "--data-dir", data, "--principal", "alice", "--subject-extra", "OU=payments", "--days", "7", "--out", out])
        XCTAssertEqual(client.status, 0, client.combined)
        XCTAssertTrue(client.output.contains("issued a client certificate for CN=alice,OU=payments"), client.output)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out).sorted(), ["alice.key", "alice.pem", "ca.pem"])
        let clientCheck = try openssl(["verify", "-CAfile", out + "/ca.pem", "-purpose", "sslclient", out + "/alice.pem"], in: directory)
        XCTAssertEqual(clientCheck.status, 0, clientCheck.combined)
        let end = try openssl(["x509", "-in", out + "/alice.pem", "-noout", "-checkend", "\(6 * 86_400)"], in: directory)
        XCTAssertEqual(end.status, 0, "valid for six more days: \(end.combined)")
        XCTAssertNotEqual(try openssl(["x509", "-in", out + "/alice.pem", "-noout", "-checkend", "\(8 * 86_400)"], in: directory).status, 0)

        let server = try authctl(["cert", "issue", "--data-dir", data, "--server", "--host", "localhost", "--host", "127.0.0.1", "--out", directory.file("server")])
        XCTAssertEqual(server.status, 0, server.combined)
        let serverCheck = try openssl([
            "verify", "-CAfile", directory.file("server/ca.pem"), "-purpose", "sslserver", "-verify_ip", "127.0.0.1", directory.file("server/server.pem"),
        ], in: directory)
        XCTAssertEqual(serverCheck.status, 0, serverCheck.combined)
        XCTAssertEqual(try mode(of: directory.file("server/server.key")), 0o600)
    }

    func testIssueExplainsWhatIsMissingOrWrong() throws {
        let data = directory.file("data")
        let noAuthority = try authctl(["cert", "issue", "--data-dir", data, "--principal", "alice", "--out", directory.file("out")])
        XCTAssertNotEqual(noAuthority.status, 0)
        XCTAssertTrue(noAuthority.errorOutput.contains("authctl ca init --data-dir \(data)"), noAuthority.combined)

        XCTAssertEqual(try authctl(["ca", "init", "--data-dir", data]).status, 0)
        for (arguments, message) in [
            (["--out", "o"], "give --principal NAME"),
            (["--principal", "a", "--server", "--host", "h", "--out", "o"], "not both"),
            (["--server", "--out", "o"], "at least one --host"),
            (["--principal", "a", "--host", "h", "--out", "o"], "--host is for server certificates"),
            (["--principal", "a,b", "--out", "o"], "invalid principal"),
            (["--principal", "a", "--days", "0", "--out", "o"], "--days must be between"),
        ] {
            let result = try authctl(["cert", "issue", "--data-dir", data] + arguments)
            XCTAssertNotEqual(result.status, 0, "\(arguments)")
            XCTAssertTrue(result.errorOutput.contains(message), "\(arguments): \(result.combined)")
        }
        XCTAssertEqual(chmod(data + "/ca/ca.key", 0o644), 0)
        let exposed = try authctl(["cert", "issue", "--data-dir", data, "--principal", "a", "--out", directory.file("o")])
        XCTAssertTrue(exposed.errorOutput.contains("chmod 600"), exposed.combined)
    }
}
