import AWSSigV4
import Foundation
import KeyManagement
import MotoTestServer
import XCTest

/// What a caller sees when KMS cannot be reached or does not answer: a
/// `unavailable` (retriable) within the configured timeout, never a hang.
final class AWSKeyServiceTransportTests: XCTestCase {
    private func service(port: Int, timeout: Duration) throws -> AWSKeyService {
        AWSKeyService(configuration: try AWSKeyServiceConfiguration(
            region: "us-east-1",
            endpoint: "http://127.0.0.1:\(port)",
            credentials: AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "transport-test-secret"),
            requestTimeout: timeout
        ))
    }

    private func failure(of service: AWSKeyService) async -> (error: KeyServiceError?, seconds: Double) {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            _ = try await service.describeKey("alias/segments")
            return (nil, 0)
        } catch {
            let elapsed = clock.now - start
            return (error, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
    }

    func testSilentServerTimesOut() async throws {
        let listener = try AWSLoopbackSocket(listening: true)
        defer { listener.close() }
        let service = try service(port: listener.port, timeout: .milliseconds(500))

        let (error, seconds) = await failure(of: service)
        try await service.shutdown()
        guard case .unavailable(let message) = error else { return XCTFail("expected unavailable, got \(String(describing: error))") }
        XCTAssertTrue(message.hasPrefix("AWS KMS DescribeKey failed: http://127.0.0.1:\(listener.port)/: "), message)
        XCTAssertGreaterThanOrEqual(seconds, 0.4)
        XCTAssertLessThan(seconds, 5, "the 500 ms timeout did not bound the call")
        XCTAssertFalse(message.contains("transport-test-secret"), message)
    }

    /// AsyncHTTPClient retries a refused connection until the deadline, so this too ends at the timeout.
    func testRefusedConnectionFailsWithinTheTimeout() async throws {
        let service = try service(port: try AWSLoopbackSocket.freePort(), timeout: .seconds(1))
        let (error, seconds) = await failure(of: service)
        try await service.shutdown()
        guard case .unavailable(let message) = error else { return XCTFail("expected unavailable, got \(String(describing: error))") }
        XCTAssertTrue(message.hasPrefix("AWS KMS DescribeKey failed: "), message)
        XCTAssertTrue(message.contains("connect"), message)
        XCTAssertLessThan(seconds, 4, "the 1 s timeout did not bound the call")
    }

    func testCallsAfterShutdownFail() async throws {
        let service = try service(port: try AWSLoopbackSocket.freePort(), timeout: .seconds(1))
        try await service.shutdown()
        let (error, _) = await failure(of: service)
        guard case .unavailable = error else { return XCTFail("expected unavailable, got \(String(describing: error))") }
    }
}
