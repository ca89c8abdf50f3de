import Authentication
import KafkaProtocol
import NIOCore
import PolicyStore
import XCTest
@testable import Gateway

/// AlterUserScramCredentials has one version, 0, which is flexible.
final class AlterUserScramCredentialsTests: XCTestCase {
    private static let salt = Array("portcullis-salt".utf8)
    /// Hi("pencil", salt, 4096), computed with Python's `hashlib.pbkdf2_hmac`, as a client sends it.
    private static let saltedPasswords: [ScramMechanism: [UInt8]] = [
        .sha256: bytes(hex: "1c601981a4091506513d247bcd4271ae8496c4ab6f39e93646e6bf078a3bc8cc"),
        .sha512: bytes(hex: "df1d792a2e1e090d310793dbe1930007c8d786cfa73bbec4654fd9c22e7de134"
            + "2222fd97d2ed807047ce4b789719af97a121a961f22864b68ef4e016e33b39e5"),
    ]

    private static func bytes(hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    private func upsertion(
        _ name: String, _ mechanism: ScramMechanism = .sha512, iterations: Int32 = 4096, salt: [UInt8] = salt,
        saltedPassword: [UInt8]? = nil
    ) -> AlterUserScramCredentialsRequest.ScramCredentialUpsertion {
        .init(name: name, mechanism: mechanism.kafkaType, iterations: iterations, salt: ByteBuffer(bytes: salt),
              saltedPassword: ByteBuffer(bytes: saltedPassword ?? Self.saltedPasswords[mechanism]!))
    }

    private func results(
        _ fixture: AdministrationFixture,
        deletions: [AlterUserScramCredentialsRequest.ScramCredentialDeletion] = [],
        upsertions: [AlterUserScramCredentialsRequest.ScramCredentialUpsertion] = []
    ) throws -> [AlterUserScramCredentialsResponse.AlterUserScramCredentialsResult] {
        let request = AlterUserScramCredentialsRequest(deletions: deletions, upsertions: upsertions)
        let body = try fixture.answer(.alterUserScramCredentials(request), version: 0)
        guard case .alterUserScramCredentials(let response) = body else { throw UnexpectedResponse(body: body) }
        return response.results
    }

    /// `user code`, one per result, in order.
    private func codes(_ results: [AlterUserScramCredentialsResponse.AlterUserScramCredentialsResult]) -> [String] {
        results.map { "\($0.user) \($0.errorCode)" }
    }

    private func passwordCredential(_ mechanism: ScramMechanism) throws -> ScramCredential {
        try ScramCredential.derive(mechanism: mechanism, password: Array("pencil".utf8), salt: Self.salt, iterations: 4096)
    }

    func testAnUpsertionCreatesTheUserWhoCanThenAuthenticateWithThePassword() throws {
        let fixture = try AdministrationFixture(self)
        let results = try results(fixture, upsertions: [upsertion("alice", .sha512), upsertion("bob", .sha256)])
        XCTAssertEqual(codes(results), ["alice 0", "bob 0"])
        XCTAssertEqual(results.map(\.errorMessage), [nil, nil])

        let alice = try XCTUnwrap(try fixture.store.principal(named: "alice"))
        XCTAssertTrue(alice.enabled)
        XCTAssertFalse(alice.superUser)
        XCTAssertEqual(try fixture.store.scramCredential(for: "alice", mechanism: .sha512), try passwordCredential(.sha512))
        XCTAssertEqual(try fixture.store.scramCredential(for: "bob", mechanism: .sha256), try passwordCredential(.sha256))

        let snapshot = try fixture.store.snapshot()
        var client = ScramClientExchange(mechanism: .sha512, username: "alice", password: Array("pencil".utf8))
        var server = ScramServerExchange(mechanism: .sha512) { snapshot.scramCredential(for: $0, mechanism: .sha512) }
        let serverFirst = try server.receiveClientFirst(client.clientFirst())
        let (serverFinal, user) = try server.receiveClientFinal(try client.receiveServerFirst(serverFirst))
        XCTAssertEqual(user, "alice")
        XCTAssertNoThrow(try client.receiveServerFinal(serverFinal))

        let changes = try fixture.store.adminChanges()
        XCTAssertEqual(changes.map(\.action), [.userAdd, .scramSet, .userAdd, .scramSet])
        XCTAssertEqual(changes.map(\.subject), ["User:alice", "User:alice", "User:bob", "User:bob"])
        XCTAssertEqual(Set(changes.map(\.actor)), [AdministrationFixture.actor])
        XCTAssertEqual(changes[0].details, #"{"superUser":false}"#)
    }

    func testAnUpsertionForAnExistingUserReplacesItsCredentialAndNothingElse() throws {
        let fixture = try AdministrationFixture(self)
        try fixture.store.addPrincipal("alice", superUser: true, actor: "test")
        try fixture.store.setScramCredential(
            try ScramCredential.derive(mechanism: .sha512, password: Array("old".utf8), salt: Array("old".utf8), iterations: 8192),
            for: "alice", actor: "test"
        )
        let results = try results(fixture, upsertions: [upsertion("alice", .sha512)])
        XCTAssertEqual(codes(results), ["alice 0"])
        XCTAssertEqual(try fixture.store.principal(named: "alice")?.superUser, true)
        XCTAssertEqual(try fixture.store.scramCredential(for: "alice", mechanism: .sha512), try passwordCredential(.sha512))
        XCTAssertEqual(try fixture.store.adminChanges().map(\.action), [.userAdd, .scramSet, .scramSet])
    }

    func testADeletionRemovesThatMechanismOnly() throws {
        let fixture = try AdministrationFixture(self)
        try fixture.store.addPrincipal("alice", actor: "test")
        try fixture.store.setScramCredential(try passwordCredential(.sha256), for: "alice", actor: "test")
        try fixture.store.setScramCredential(try passwordCredential(.sha512), for: "alice", actor: "test")
        let results = try results(fixture, deletions: [.init(name: "alice", mechanism: ScramMechanism.sha256.kafkaType)])
        XCTAssertEqual(codes(results), ["alice 0"])
        XCTAssertNil(try fixture.store.scramCredential(for: "alice", mechanism: .sha256))
        XCTAssertNotNil(try fixture.store.scramCredential(for: "alice", mechanism: .sha512))
        let last = try XCTUnwrap(try fixture.store.adminChanges().last)
        XCTAssertEqual([last.action.rawValue, last.actor, last.subject], ["scram.delete", AdministrationFixture.actor, "User:alice"])
    }

    func testDeletingACredentialThatDoesNotExistIsResourceNotFound() throws {
        let fixture = try AdministrationFixture(self)
        try fixture.store.addPrincipal("alice", actor: "test")
        try fixture.store.setScramCredential(try passwordCredential(.sha512), for: "alice", actor: "test")
        let results = try results(fixture, deletions: [
            .init(name: "alice", mechanism: ScramMechanism.sha256.kafkaType),
            .init(name: "nobody", mechanism: ScramMechanism.sha512.kafkaType),
        ], upsertions: [upsertion("bob")])
        let notFound = KafkaErrorCode.resourceNotFound.rawValue
        XCTAssertEqual(codes(results), ["alice \(notFound)", "nobody \(notFound)", "bob 0"])
        XCTAssertEqual(results.map(\.errorMessage), ["User:alice has no SCRAM-SHA-256 credential", "no principal User:nobody", nil])
        XCTAssertNotNil(try fixture.store.scramCredential(for: "bob", mechanism: .sha512), "the valid change is made all the same")
    }

    func testKafkasChecksOfEachChange() throws {
        let fixture = try AdministrationFixture(self)
        let results = try results(fixture, deletions: [
            .init(name: "dave", mechanism: 0),
            .init(name: "", mechanism: 3),
        ], upsertions: [
            upsertion("alice", iterations: 4095),
            upsertion("bob", iterations: 16385),
            .init(name: "carol", mechanism: 3, iterations: 4096, salt: ByteBuffer(bytes: Self.salt), saltedPassword: ByteBuffer()),
            upsertion("erin", saltedPassword: Array(Self.saltedPasswords[.sha512]!.prefix(10))),
        ])
        let (unacceptable, unsupported) = (KafkaErrorCode.unacceptableCredential.rawValue, KafkaErrorCode.unsupportedSaslMechanism.rawValue)
        XCTAssertEqual(codes(results), [
            "dave \(unsupported)", " \(unacceptable)", "alice \(unacceptable)", "bob \(unacceptable)", "carol \(unsupported)",
            "erin \(unacceptable)",
        ])
        XCTAssertEqual(results.map(\.errorMessage), [
            "Unknown SCRAM mechanism 0: give 1 (SCRAM-SHA-256) or 2 (SCRAM-SHA-512)",
            "Username must not be empty",
            "Too few iterations: 4095, the minimum is 4096",
            "Too many iterations: 16385, the maximum is 16384",
            "Unknown SCRAM mechanism 3: give 1 (SCRAM-SHA-256) or 2 (SCRAM-SHA-512)",
            "the salted password is 10 bytes long, not the length of the mechanism's hash",
        ])
        XCTAssertEqual(try fixture.store.listPrincipals(), [])
        XCTAssertEqual(try fixture.store.adminChanges(), [])
    }

    func testTheSameUserTwiceIsDuplicateResourceAndNoneOfItsChangesIsMade() throws {
        let fixture = try AdministrationFixture(self)
        try fixture.store.addPrincipal("alice", actor: "test")
        try fixture.store.setScramCredential(try passwordCredential(.sha256), for: "alice", actor: "test")
        let changesBefore = try fixture.store.adminChanges().count
        let results = try results(fixture, deletions: [
            .init(name: "alice", mechanism: ScramMechanism.sha256.kafkaType),
        ], upsertions: [
            upsertion("alice", .sha512),  // another mechanism, but the same user: Kafka refuses it too
            upsertion("bob", .sha256),
            upsertion("bob", .sha512),
            upsertion("carol", iterations: 1),  // carol's first change is invalid: that error stands
            upsertion("carol"),
            upsertion("dave"),
        ])
        let duplicate = KafkaErrorCode.duplicateResource.rawValue
        XCTAssertEqual(codes(results), [
            "alice \(duplicate)", "bob \(duplicate)", "carol \(KafkaErrorCode.unacceptableCredential.rawValue)", "dave 0",
        ])
        XCTAssertEqual(results[0].errorMessage, "A user credential cannot be altered twice in the same request")
        XCTAssertNotNil(try fixture.store.scramCredential(for: "alice", mechanism: .sha256))
        XCTAssertNil(try fixture.store.scramCredential(for: "alice", mechanism: .sha512))
        XCTAssertEqual(try fixture.store.listPrincipals().map(\.name), ["alice", "dave"])
        XCTAssertEqual(try fixture.store.adminChanges().count, changesBefore + 2, "dave's user.add and scram.set only")
    }

    func testNamesTheStoreRefusesAreUnacceptableCredentials() throws {
        let fixture = try AdministrationFixture(self)
        let results = try results(fixture, upsertions: [
            upsertion(PrincipalName.anonymous),
            upsertion("mallory\u{1b}[2J"),
            upsertion("salty", salt: Array(repeating: 7, count: 1025)),
        ])
        let unacceptable = KafkaErrorCode.unacceptableCredential.rawValue
        XCTAssertEqual(results.map(\.errorCode), [unacceptable, unacceptable, unacceptable])
        XCTAssertEqual(results.map(\.errorMessage), [
            "User:ANONYMOUS is reserved for clients that did not authenticate; choose another name",
            "invalid principal name: it contains a control character",
            "invalid SCRAM credential: the salt must be 1 to 1024 bytes",
        ])
        XCTAssertEqual(try fixture.store.listPrincipals(), [])
    }

    func testWhenTheStoreFailsEveryValidChangeGetsUnknownServerErrorAndNoneIsMade() throws {
        let fixture = try AdministrationFixture(self)
        try fixture.dropTable("scram_credentials")
        let results = try results(fixture, upsertions: [upsertion("alice"), upsertion("bob", iterations: 1)])
        XCTAssertEqual(codes(results), [
            "alice \(KafkaErrorCode.unknownServerError.rawValue)", "bob \(KafkaErrorCode.unacceptableCredential.rawValue)",
        ])
        XCTAssertEqual(results[0].errorMessage?.hasPrefix("policy store database error"), true, results[0].errorMessage ?? "no message")
        XCTAssertNil(try fixture.store.principal(named: "alice"), "alice's creation is rolled back with her credential")
        XCTAssertEqual(try fixture.store.adminChanges(), [])
    }
}
