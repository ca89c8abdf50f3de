import AWSSigV4
import Foundation
import KeyManagement
import MotoTestServer
import Observability
import XCTest

/// `portcullis_kms_requests_total` counts every request to a KMS, local or
/// AWS, by the AWS action and its result; `portcullis_data_key_cache_hits_total`
/// every data key the cache served instead.
final class KMSMetricsTests: XCTestCase {
    func testTheLocalKMSCountsEachRequestAndTheCacheItsHits() async throws {
        let metrics = PortcullisMetrics(level: .topic)
        let local = try LocalKeyService(dataDirectory: try makeTemporaryDirectory(), rootKey: try randomRootKey(), metrics: metrics)
        // Revalidation would add DescribeKey requests on a timer: kept out of the count.
        let service = CachingKeyService(local, cache: DataKeyCache(capacity: 16, metrics: metrics), revalidationInterval: .seconds(3600))
        _ = try await service.createKey(alias: "alias/segments", description: "segment data keys")

        var sealed: [(wrapped: WrappedKey, context: EncryptionContext)] = []
        for segment in 0..<5 {
            let context = ["segment": "\(segment)"]
            sealed.append((try await service.generateDataKey(keyId: "alias/segments", context: context).wrapped, context))
        }
        // Each generated key was kept: reading the segments back asks the KMS nothing.
        for (wrapped, context) in sealed { _ = try await service.decrypt(wrapped, context: context) }
        service.cache.removeAll()
        for (wrapped, context) in sealed { _ = try await service.decrypt(wrapped, context: context) }

        let text = exposition(metrics)
        XCTAssertTrue(text.contains(#"portcullis_kms_requests_total{operation="CreateKey",result="success"} 1"# + "\n"), text)
        XCTAssertTrue(text.contains(#"portcullis_kms_requests_total{operation="GenerateDataKey",result="success"} 5"# + "\n"), text)
        XCTAssertTrue(text.contains(#"portcullis_kms_requests_total{operation="Decrypt",result="success"} 5"# + "\n"), text)
        XCTAssertTrue(text.contains("portcullis_data_key_cache_hits_total 5\n"), text)
        XCTAssertFalse(text.contains(#"operation="DescribeKey""#), text)
        XCTAssertFalse(text.contains(#"result="failure""#), text)
    }

    func testARefusalOfTheLocalKMSCountsAsAFailure() async throws {
        let metrics = PortcullisMetrics(level: .enhanced)
        let service = try LocalKeyService(dataDirectory: try makeTemporaryDirectory(), rootKey: try randomRootKey(), metrics: metrics)
        let key = try await service.createKey(alias: nil, description: "to be disabled")
        try await service.setKeyEnabled(key.keyId, enabled: false)

        await XCTAssertThrowsKeyServiceError(.keyDisabled(key.keyId)) {
            try await service.generateDataKey(keyId: key.keyId, context: [:])
        }

        let text = exposition(metrics)
        XCTAssertTrue(text.contains(#"portcullis_kms_requests_total{operation="DisableKey",result="success"} 1"# + "\n"), text)
        XCTAssertTrue(text.contains(#"portcullis_kms_requests_total{operation="GenerateDataKey",result="failure"} 1"# + "\n"), text)
        XCTAssertFalse(text.contains(#"operation="GenerateDataKey",result="success""#), text)
        XCTAssertFalse(text.contains(key.keyId), "key ids are no label: \(text)")
    }

    func testAnAWSKMSThatCannotBeReachedCountsAsUnreachable() async throws {
        let metrics = PortcullisMetrics(level: .enhanced)
        let closedPort = try AWSLoopbackSocket.freePort()
        let service = AWSKeyService(configuration: try awsConfiguration(endpoint: "http://127.0.0.1:\(closedPort)", timeout: .seconds(1)), metrics: metrics)

        let generated = try? await service.generateDataKey(keyId: "alias/segments", context: [:])
        XCTAssertNil(generated)
        try await service.shutdown()

        let text = exposition(metrics)
        XCTAssertTrue(text.contains(#"portcullis_kms_requests_total{operation="GenerateDataKey",result="unreachable"} 1"# + "\n"), text)
        XCTAssertFalse(text.contains(#"result="failure""#), text)
    }

    func testAnAWSKMSErrorAnswerCountsAsAFailure() async throws {
        let moto = try AWSMotoServer.start()
        defer { moto.stop() }
        let metrics = PortcullisMetrics(level: .enhanced)
        let service = AWSKeyService(configuration: try awsConfiguration(endpoint: moto.endpoint, timeout: .seconds(5)), metrics: metrics)

        let key = try await service.createKey(alias: nil, description: "metrics test")
        _ = try await service.generateDataKey(keyId: key.keyId, context: ["segment": "0"])
        await XCTAssertThrowsKeyServiceError(.keyNotFound("alias/missing")) { try await service.describeKey("alias/missing") }
        try await service.shutdown()

        let text = exposition(metrics)
        XCTAssertTrue(text.contains(#"portcullis_kms_requests_total{operation="CreateKey",result="success"} 1"# + "\n"), text)
        XCTAssertTrue(text.contains(#"portcullis_kms_requests_total{operation="GenerateDataKey",result="success"} 1"# + "\n"), text)
        XCTAssertTrue(text.contains(#"portcullis_kms_requests_total{operation="DescribeKey",result="failure"} 1"# + "\n"), text)
        XCTAssertFalse(text.contains(#"result="unreachable""#), text)
    }

    private func awsConfiguration(endpoint: String, timeout: Duration) throws -> AWSKeyServiceConfiguration {
        try AWSKeyServiceConfiguration(
            region: "us-east-1", endpoint: endpoint,
            credentials: AWSCredentials(accessKeyId: "AKIDMETRICSTEST", secretAccessKey: "metrics-test-secret"),
            requestTimeout: timeout
        )
    }

    private func exposition(_ metrics: PortcullisMetrics) -> String {
        String(decoding: metrics.exposition(), as: UTF8.self)
    }
}
