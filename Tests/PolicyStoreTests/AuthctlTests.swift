import Authentication
import Foundation
import PolicyStore
import XCTest

/// `authctl user` and `authctl scram` as a separate process, on a real store.
final class AuthctlTests: XCTestCase {
    private var authctl: URL!
    private var dataDirectory: String!

    override func setUpWithError() throws {
        authctl = try authctlExecutable()
        dataDirectory = try makeDataDirectory()
    }

    @discardableResult
    private func run(_ arguments: [String], input: String = "", expectSuccess: Bool = true,
                     file: StaticString = #filePath, line: UInt = #line) throws -> ProcessOutcome {
        let outcome = try runProcess(authctl, arguments + ["--data-dir", dataDirectory], input: input)
        if expectSuccess {
            XCTAssertEqual(outcome.status, 0, outcome.description, file: file, line: line)
        } else {
            XCTAssertNotEqual(outcome.status, 0, outcome.description, file: file, line: line)
        }
        return outcome
    }

    func testScramSetStoresTheDerivedFormAndNeverThePassword() throws {
        try run(["user", "add", "alice"])
        let password = "correct horse battery staple"
        // Without --iterations, the mechanism's default: the count an unknown user's stand-in shows.
        let settings: [(ScramMechanism, iterations: Int?)] = [(.sha512, nil), (.sha256, 8192)]
        for (mechanism, given) in settings {
            let iterations = given ?? mechanism.defaultIterations
            let outcome = try run(
                ["scram", "set", "alice", "--mechanism", mechanism.rawValue, "--password-stdin"] + (given.map { ["--iterations", "\($0)"] } ?? []),
                input: password + "\n"
            )
            XCTAssertEqual(outcome.standardOutput, "set \(mechanism.rawValue) credential for User:alice (\(iterations) iterations)\n")
            XCTAssertFalse(outcome.standardOutput.contains(password) || outcome.standardError.contains(password))

            let store = try PolicyStore(dataDirectory: dataDirectory)
            let stored = try XCTUnwrap(try store.scramCredential(for: "alice", mechanism: mechanism))
            XCTAssertEqual(stored.salt.count, mechanism.defaultSaltByteCount)
            XCTAssertEqual(stored.iterations, iterations)
            let derived = try ScramCredential.derive(
                mechanism: mechanism, password: Array(password.utf8), salt: stored.salt, iterations: stored.iterations
            )
            XCTAssertEqual(stored, derived)
            let wrong = try ScramCredential.derive(
                mechanism: mechanism, password: Array("correct horse battery stapler".utf8), salt: stored.salt, iterations: iterations
            )
            XCTAssertNotEqual(stored.storedKey, wrong.storedKey)
        }
        for suffix in ["", "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: dataDirectory + "/policy/policy.sqlite" + suffix))) ?? Data()
            XCTAssertNil(bytes.range(of: Data(password.utf8)), "policy.sqlite\(suffix) holds the password")
        }
    }

    func testEachSetDrawsAFreshSalt() throws {
        try run(["user", "add", "alice"])
        try run(["user", "add", "bob"])
        for user in ["alice", "bob"] {
            try run(["scram", "set", user, "--mechanism", "SCRAM-SHA-512", "--password-stdin"], input: "same password\n")
        }
        let store = try PolicyStore(dataDirectory: dataDirectory)
        let alice = try XCTUnwrap(try store.scramCredential(for: "alice", mechanism: .sha512))
        let bob = try XCTUnwrap(try store.scramCredential(for: "bob", mechanism: .sha512))
        XCTAssertNotEqual(alice.salt, bob.salt)
        XCTAssertNotEqual(alice.storedKey, bob.storedKey)
    }

    func testOnlyTheLineEndingIsStrippedFromThePassword() throws {
        try run(["user", "add", "alice"])
        let cases = [("pw\r\n", "pw"), (" spaced pw \n", " spaced pw "), ("no newline", "no newline"), ("first\nsecond\n", "first")]
        for (input, password) in cases {
            try run(["scram", "set", "alice", "--mechanism", "SCRAM-SHA-256", "--password-stdin"], input: input)
            let stored = try XCTUnwrap(try PolicyStore(dataDirectory: dataDirectory).scramCredential(for: "alice", mechanism: .sha256))
            let expected = try ScramCredential.derive(
                mechanism: .sha256, password: Array(password.utf8), salt: stored.salt, iterations: stored.iterations
            )
            XCTAssertEqual(stored, expected, input.debugDescription)
        }
    }

    func testUnusablePasswordsAreRefusedAndStoreNothing() throws {
        try run(["user", "add", "alice"])
        let arguments = ["scram", "set", "alice", "--mechanism", "SCRAM-SHA-512", "--password-stdin"]
        for input in ["", "\n", "\r\n"] {
            let outcome = try run(arguments, input: input, expectSuccess: false)
            XCTAssertTrue(outcome.standardError.contains("no password on standard input"), outcome.description)
        }
        let tooLong = String(repeating: "p", count: 1025)
        let long = try run(arguments, input: tooLong + "\n", expectSuccess: false)
        XCTAssertTrue(long.standardError.contains("longer than 1024 bytes"), long.description)
        XCTAssertFalse(long.standardError.contains(tooLong))
        try run(arguments, input: String(repeating: "p", count: 1024) + "\n")
        try run(["scram", "delete", "alice", "--mechanism", "SCRAM-SHA-512"])

        let missingFlag = try run(["scram", "set", "alice", "--mechanism", "SCRAM-SHA-512"], input: "pw\n", expectSuccess: false)
        XCTAssertTrue(missingFlag.standardError.contains("--password-stdin"), missingFlag.description)
        for iterations in ["4095", "16385"] {
            let outcome = try run(arguments + ["--iterations", iterations], input: "pw\n", expectSuccess: false)
            XCTAssertTrue(outcome.standardError.contains("--iterations must be 4096 to 16384"), outcome.description)
        }
        XCTAssertEqual(try PolicyStore(dataDirectory: dataDirectory).snapshot().scramCredentials, [:])
    }

    func testPasswordBytesThatAreNotUTF8AreRefused() throws {
        try run(["user", "add", "alice"])
        let outcome = try runProcess(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "printf 'caf\\351\\n' | \"$0\" scram set alice --mechanism SCRAM-SHA-512 --password-stdin --data-dir \"$1\"",
             authctl.path, dataDirectory]
        )
        XCTAssertNotEqual(outcome.status, 0, outcome.description)
        XCTAssertTrue(outcome.standardError.contains("not valid UTF-8"), outcome.description)
    }

    func testUserCommandsAndTheirOutput() throws {
        XCTAssertEqual(try run(["user", "add", "admin", "--super-user"]).standardOutput, "added User:admin (super user)\n")
        XCTAssertEqual(try run(["user", "add", "alice"]).standardOutput, "added User:alice\n")
        try run(["scram", "set", "alice", "--mechanism", "SCRAM-SHA-512", "--password-stdin"], input: "pw\n")
        XCTAssertEqual(try run(["user", "disable", "alice"]).standardOutput, "disabled User:alice\n")

        let table = try run(["user", "list"]).standardOutput.split(separator: "\n")
        XCTAssertEqual(table.count, 3)
        XCTAssertTrue(table[0].hasPrefix("PRINCIPAL"))
        XCTAssertTrue(table[1].hasPrefix("User:admin  enabled   yes    -"), String(table[1]))
        XCTAssertTrue(table[2].hasPrefix("User:alice  DISABLED  no     SCRAM-SHA-512"), String(table[2]))

        let json = try JSONSerialization.jsonObject(with: Data(try run(["user", "list", "--json"]).standardOutput.utf8))
        let users = try XCTUnwrap(json as? [[String: Any]])
        XCTAssertEqual(users.map { $0["name"] as? String }, ["admin", "alice"])
        XCTAssertEqual(users.map { $0["enabled"] as? Bool }, [true, false])
        XCTAssertEqual(users.map { $0["superUser"] as? Bool }, [true, false])
        XCTAssertEqual(users.map { $0["scramMechanisms"] as? [String] }, [[], ["SCRAM-SHA-512"]])
        XCTAssertNotNil(users.first?["createdAt"] as? String)

        XCTAssertEqual(try run(["user", "enable", "alice"]).standardOutput, "enabled User:alice\n")
        XCTAssertEqual(
            try run(["scram", "delete", "alice", "--mechanism", "SCRAM-SHA-512"]).standardOutput,
            "deleted SCRAM-SHA-512 credential of User:alice\n"
        )
        XCTAssertEqual(try run(["user", "remove", "alice"]).standardOutput, "removed User:alice\n")
        XCTAssertEqual(try PolicyStore(dataDirectory: dataDirectory).listPrincipals().map(\.name), ["admin"])
    }

    func testFailuresExitNonZeroWithAClearMessage() throws {
        try run(["user", "add", "alice"])
        let cases: [([String], String)] = [
            (["user", "add", "alice"], "Error: principal User:alice already exists"),
            (["user", "remove", "carol"], "Error: no principal User:carol"),
            (["user", "disable", "carol"], "Error: no principal User:carol"),
            (["scram", "delete", "alice", "--mechanism", "SCRAM-SHA-256"], "Error: User:alice has no SCRAM-SHA-256 credential"),
            (["user", "add", "bad\u{1B}name"], "Error: invalid principal name: it contains a control character"),
            (["user", "add", "bob", "--actor", ""], "Error: invalid actor name: it is empty"),
            (["user", "add", "ANONYMOUS"], "Error: User:ANONYMOUS is reserved for clients that did not authenticate; choose another name"),
            (["scram", "set", "ANONYMOUS", "--mechanism", "SCRAM-SHA-512", "--password-stdin"],
             "Error: User:ANONYMOUS is reserved for clients that did not authenticate; choose another name"),
        ]
        for (arguments, message) in cases {
            let outcome = try run(arguments, expectSuccess: false)
            XCTAssertEqual(outcome.standardError, message + "\n", arguments.joined(separator: " "))
            XCTAssertEqual(outcome.standardOutput, "")
        }
    }

    func testAMissingStoreIsCreatedAndSaidSoOnce() throws {
        // Before any gateway ran, and for a mistyped path, which the note makes visible.
        let missing = dataDirectory + "/typo/data"
        let outcome = try runProcess(authctl, ["user", "add", "alice", "--data-dir", missing])
        XCTAssertEqual(outcome.status, 0, outcome.description)
        XCTAssertEqual(outcome.standardOutput, "added User:alice\n")
        XCTAssertEqual(outcome.standardError, "created a new policy store at \(missing)/policy/policy.sqlite\n")
        XCTAssertEqual(try PolicyStore(dataDirectory: missing).listPrincipals().map(\.name), ["alice"])

        let again = try runProcess(authctl, ["user", "add", "bob", "--data-dir", missing])
        XCTAssertEqual(again.status, 0, again.description)
        XCTAssertEqual(again.standardError, "")
    }

    func testChangesAreRecordedWithTheActor() throws {
        try run(["user", "add", "alice"])
        try run(["scram", "set", "alice", "--mechanism", "SCRAM-SHA-512", "--password-stdin", "--actor", "ci-bot"], input: "pw\n")
        let changes = try PolicyStore(dataDirectory: dataDirectory).adminChanges()
        XCTAssertEqual(changes.map(\.action), [.userAdd, .scramSet])
        XCTAssertEqual(changes.map(\.actor), [try currentUserName(), "ci-bot"])
    }

    private func currentUserName() throws -> String {
        let outcome = try runProcess(URL(fileURLWithPath: "/usr/bin/id"), ["-un"])
        return outcome.standardOutput.trimmingCharacters(in: .newlines)
    }
}
