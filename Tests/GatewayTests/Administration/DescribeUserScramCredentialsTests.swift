import Authentication
import KafkaProtocol
import PolicyStore
import XCTest
@testable import Gateway

/// DescribeUserScramCredentials has one version, 0, which is flexible.
final class DescribeUserScramCredentialsTests: XCTestCase {
    private func response(_ body: KafkaResponseBody) throws -> DescribeUserScramCredentialsResponse {
        guard case .describeUserScramCredentials(let response) = body else { throw UnexpectedResponse(body: body) }
        return response
    }

    private func request(_ users: [String]?) -> KafkaRequestBody {
        .describeUserScramCredentials(DescribeUserScramCredentialsRequest(users: users?.map { .init(name: $0) }))
    }

    /// alice with both mechanisms (SHA-256 at 8192 iterations), bob with SHA-512, carol without a credential.
    private func storeWithUsers() throws -> AdministrationFixture {
        let fixture = try AdministrationFixture(self)
        for name in ["alice", "bob", "carol"] { try fixture.store.addPrincipal(name, actor: "test") }
        func credential(_ mechanism: ScramMechanism, iterations: Int = 4096) throws -> ScramCredential {
            try ScramCredential.derive(mechanism: mechanism, password: Array("pencil".utf8), salt: Array("salt".utf8), iterations: iterations)
        }
        try fixture.store.setScramCredential(try credential(.sha512), for: "alice", actor: "test")
        try fixture.store.setScramCredential(try credential(.sha256, iterations: 8192), for: "alice", actor: "test")
        try fixture.store.setScramCredential(try credential(.sha512), for: "bob", actor: "test")
        return fixture
    }

    /// Each result as `user error: mechanism/iterations …`.
    private func summary(_ response: DescribeUserScramCredentialsResponse) -> [String] {
        response.results.map { result in
            "\(result.user) \(result.errorCode): " + result.credentialInfos.map { "\($0.mechanism)/\($0.iterations)" }.joined(separator: " ")
        }
    }

    func testNoUsersOrAnEmptyListDescribesEveryUserWithACredential() throws {
        let fixture = try storeWithUsers()
        for users: [String]? in [nil, []] {
            let response = try response(try fixture.answer(request(users), version: 0))
            XCTAssertEqual(response.errorCode, 0)
            XCTAssertNil(response.errorMessage)
            XCTAssertEqual(summary(response), ["alice 0: 1/8192 2/4096", "bob 0: 2/4096"], "users: \(String(describing: users))")
            XCTAssertEqual(response.results.map(\.errorMessage), [nil, nil])
        }
    }

    func testNamedUsersGetTheirCredentialsOrKafkasErrors() throws {
        let fixture = try storeWithUsers()
        let response = try response(try fixture.answer(request(["bob", "alice", "nobody", "alice", "carol"]), version: 0))
        XCTAssertEqual(response.errorCode, 0)
        XCTAssertEqual(summary(response), [
            "bob 0: 2/4096",
            "alice \(KafkaErrorCode.duplicateResource.rawValue): ",
            "nobody \(KafkaErrorCode.resourceNotFound.rawValue): ",
            "carol \(KafkaErrorCode.resourceNotFound.rawValue): ",
        ])
        XCTAssertEqual(response.results.map(\.errorMessage), [
            nil,
            "Cannot describe SCRAM credentials for the same user twice in a single request: alice",
            "Attempt to describe a user credential that does not exist: nobody",
            "Attempt to describe a user credential that does not exist: carol",
        ])
    }

    func testWhenTheStoreFailsTheAnswerIsUnknownServerError() throws {
        let fixture = try storeWithUsers()
        try fixture.dropTable("scram_credentials")
        let response = try response(try fixture.answer(request(nil), version: 0))
        XCTAssertEqual(response.errorCode, KafkaErrorCode.unknownServerError.rawValue)
        XCTAssertEqual(response.errorMessage?.hasPrefix("policy store database error"), true, response.errorMessage ?? "no message")
        XCTAssertEqual(response.results, [])
    }
}
