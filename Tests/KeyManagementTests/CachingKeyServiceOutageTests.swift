import AWSSigV4
import Crypto
import Foundation
import KeyManagement
import MotoTestServer
import XCTest

/// The cache in front of AWS KMS (a real moto server) when KMS stops
/// answering: cached keys are served without waiting for it, until the grace
/// ends; a KMS that says a key is disabled still stops reads at once.
final class CachingKeyServiceOutageTests: XCTestCase {
    private let context: EncryptionContext = ["segment": "7"]
    private var cleanup: [() async throws -> Void] = []

    override func tearDown() async throws {
        for step in cleanup.reversed() { try await step() }
    }

    private func moto() throws -> AWSMotoServer {
        let server = try AWSMotoServer.start()
        cleanup.append { server.stop() }
        return server
    }

    private func aws(_ server: AWSMotoServer, timeout: Duration = .seconds(1)) throws -> AWSKeyService {
        AWSKeyService(configuration: try AWSKeyServiceConfiguration(
            region: "us-east-1", endpoint: server.endpoint,
            credentials: AWSCredentials(accessKeyId: "AKIDMOTOTEST", secretAccessKey: "outage-test-secret"),
            requestTimeout: timeout
        ))
    }

    private func caching(_ server: AWSMotoServer, grace: Duration) throws -> CachingKeyService {
        let service = CachingKeyService(try aws(server), cache: DataKeyCache(capacity: 8), revalidationInterval: .milliseconds(100), unreachableGrace: grace)
        cleanup.append { try await service.shutdown() }
        return service
    }

    /// The error `body` throws (nil if none) and how long it took, in seconds.
    private func timed<T>(_ body: () async throws -> T) async -> (error: KeyServiceError?, seconds: Double) {
        let start = ContinuousClock.now
        var thrown: KeyServiceError?
        do { _ = try await body() } catch { thrown = error as? KeyServiceError }
        let elapsed = start.duration(to: .now)
        return (thrown, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    private func isUnavailable(_ error: KeyServiceError?) -> Bool {
        if case .unavailable = error { return true }
        return false
    }

    func testCachedReadsDoNotWaitForAHungKMSUntilTheGraceEndsThenRecover() async throws {
        let server = try moto()
        let service = try caching(server, grace: .seconds(4))
        let kek = try await service.createKey(alias: nil, description: "")
        let dataKey = try await service.generateDataKey(keyId: kek.keyId, context: context)
        try await Task.sleep(for: .milliseconds(300))
        server.pause()
        let pausedAt = ContinuousClock.now

        // Refreshes now hang for the 1 s request timeout; reads must not.
        for _ in 0..<20 {
            let (error, seconds) = await timed { try await service.decrypt(dataKey.wrapped, context: self.context) }
            XCTAssertNil(error)
            XCTAssertLessThan(seconds, 0.2, "a cached read waited for the KMS")
            try await Task.sleep(for: .milliseconds(100))
        }
        // By now a refresh has timed out: a new data key is refused at once, retriably.
        let (refused, refusedIn) = await timed { try await service.generateDataKey(keyId: kek.keyId, context: self.context) }
        XCTAssertTrue(isUnavailable(refused), "\(String(describing: refused))")
        XCTAssertLessThan(refusedIn, 0.2)

        try await Task.sleep(until: pausedAt + .milliseconds(4_500))
        let (expired, expiredIn) = await timed { try await service.decrypt(dataKey.wrapped, context: self.context) }
        XCTAssertTrue(isUnavailable(expired), "past the grace: \(String(describing: expired))")
        XCTAssertLessThan(expiredIn, 0.2)

        server.resume()
        var recovered = false
        for _ in 0..<50 where !recovered {
            try await Task.sleep(for: .milliseconds(100))
            recovered = (try? await service.decrypt(dataKey.wrapped, context: context)) == dataKey.plaintext
        }
        XCTAssertTrue(recovered, "cached keys were not served again once KMS answered")
        _ = try await service.generateDataKey(keyId: kek.keyId, context: context)
    }

    func testCachedReadsContinueWhenTheKMSRefusesConnections() async throws {
        let server = try moto()
        let service = try caching(server, grace: .seconds(60))
        let kek = try await service.createKey(alias: nil, description: "")
        let dataKey = try await service.generateDataKey(keyId: kek.keyId, context: context)
        server.stop()

        for _ in 0..<15 {
            let (error, seconds) = await timed { try await service.decrypt(dataKey.wrapped, context: self.context) }
            XCTAssertNil(error)
            XCTAssertLessThan(seconds, 0.2, "a cached read waited for the KMS")
            try await Task.sleep(for: .milliseconds(100))
        }
        // Another context misses the cache, as another segment's key would.
        let (missed, _) = await timed { try await service.decrypt(dataKey.wrapped, context: ["segment": "8"]) }
        XCTAssertTrue(isUnavailable(missed), "a cache miss needs the KMS: \(String(describing: missed))")
    }

    func testKeyDisabledThroughTheKMSStopsReadsWithinTheInterval() async throws {
        let server = try moto()
        let service = try caching(server, grace: .seconds(60))
        let admin = try aws(server)
        cleanup.append { try await admin.shutdown() }
        let kek = try await admin.createKey(alias: nil, description: "")
        let dataKey = try await service.generateDataKey(keyId: kek.keyId, context: context)

        try await admin.setKeyEnabled(kek.keyId, enabled: false)
        let disabledAt = ContinuousClock.now
        var refusal: KeyServiceError?
        while refusal == nil, disabledAt.duration(to: .now) < .seconds(3) {
            refusal = await timed { try await service.decrypt(dataKey.wrapped, context: self.context) }.error
            try await Task.sleep(for: .milliseconds(20))
        }
        XCTAssertEqual(refusal, .keyDisabled(dataKey.wrapped.keyId))
        XCTAssertLessThan(disabledAt.duration(to: .now), .seconds(1))
        XCTAssertEqual(service.cache.count, 0, "the disabled key's data keys are purged")

        try await admin.setKeyEnabled(kek.keyId, enabled: true)
        try await Task.sleep(for: .milliseconds(500))
        let restored = try await service.decrypt(dataKey.wrapped, context: context)
        XCTAssertEqual(restored, dataKey.plaintext)
    }
}
