import KafkaProtocol
import XCTest

@testable import Gateway

final class NegotiatedApisTests: XCTestCase {
    func testIntersectionOfGatewayAndUpstreamVersions() {
        let apis = NegotiatedApis(upstream: [
            .init(apiKey: KafkaApiKey.produce.rawValue, minVersion: 3, maxVersion: 11),
            .init(apiKey: KafkaApiKey.fetch.rawValue, minVersion: 4, maxVersion: 17),
            .init(apiKey: KafkaApiKey.metadata.rawValue, minVersion: 0, maxVersion: 99),
            // Upstream-only APIs the gateway does not forward never appear.
            .init(apiKey: KafkaApiKey.describeLogDirs.rawValue, minVersion: 0, maxVersion: 4),
            .init(apiKey: 999, minVersion: 0, maxVersion: 1),
        ])
        XCTAssertEqual(apis.versions[.produce], 3...9)
        XCTAssertEqual(apis.versions[.fetch], 4...15)
        XCTAssertEqual(apis.versions[.metadata], KafkaApiKey.metadata.validVersions)
        XCTAssertNil(apis.versions[.describeLogDirs])
        // The gateway answers the ACL and SCRAM credential APIs itself, whatever the upstream offers.
        XCTAssertEqual(apis.versions[.createAcls], KafkaApiKey.createAcls.validVersions)
        XCTAssertEqual(apis.versions[.alterUserScramCredentials], KafkaApiKey.alterUserScramCredentials.validVersions)
        XCTAssertEqual(apis.versions[.describeClientQuotas], 0...1)
        XCTAssertEqual(apis.versions[.alterClientQuotas], 0...1)
        XCTAssertTrue(apis.advertised.contains { $0.apiKey == KafkaApiKey.alterClientQuotas.rawValue && $0.maxVersion == 1 })
        XCTAssertNil(apis.versions[.joinGroup], "not offered by the upstream")
        XCTAssertTrue(apis.allows(.saslAuthenticate, version: 2))
        XCTAssertFalse(apis.allows(.produce, version: 10))
        XCTAssertEqual(apis.advertised.map(\.apiKey), apis.advertised.map(\.apiKey).sorted())
    }

    func testNoVersionInCommonMeansTheApiIsNotOffered() {
        let apis = NegotiatedApis(upstream: [.init(apiKey: KafkaApiKey.produce.rawValue, minVersion: 10, maxVersion: 11)])
        XCTAssertNil(apis.versions[.produce])
    }
}
