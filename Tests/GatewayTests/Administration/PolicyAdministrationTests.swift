import KafkaProtocol
import XCTest
@testable import Gateway

final class PolicyAdministrationTests: XCTestCase {
    func testItAnswersEveryCodecVersionOfTheSevenAdminApis() {
        XCTAssertEqual(PolicyAdministration.versions, [
            .createAcls: 0...3, .describeAcls: 0...3, .deleteAcls: 0...3,
            .describeUserScramCredentials: 0...0, .alterUserScramCredentials: 0...0,
            .describeClientQuotas: 0...1, .alterClientQuotas: 0...1,
        ])
        for (api, versions) in PolicyAdministration.versions {
            XCTAssertEqual(versions, api.validVersions, "\(api)")
        }
    }

    func testAnotherApiIsRefusedWithUnsupportedVersionAndChangesNothing() throws {
        let fixture = try AdministrationFixture(self)
        let request = KafkaRequestBody.createTopics(CreateTopicsRequest(topics: [.init(name: "orders", numPartitions: 1, replicationFactor: 1)]))
        let body = try fixture.answer(request, version: 5)
        guard case .createTopics(let response) = body else { throw UnexpectedResponse(body: body) }
        XCTAssertEqual(response.topics.map(\.name), ["orders"])
        XCTAssertEqual(response.topics.map(\.errorCode), [KafkaErrorCode.unsupportedVersion.rawValue])
        XCTAssertEqual(try fixture.store.adminChanges(), [])
    }
}
