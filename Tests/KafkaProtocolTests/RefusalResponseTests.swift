import KafkaProtocol
import NIOCore
import XCTest

/// A refusal must carry its error where each version's client reads it.
final class RefusalResponseTests: XCTestCase {
    func testFetchRefusalCarriesTheErrorOnEveryPartitionEvenWithoutATopLevelError() throws {
        let request = FetchRequest(topics: [
            .init(topic: "orders", partitions: [.init(partition: 0), .init(partition: 3)]),
            .init(topic: "audit", partitions: [.init(partition: 1)]),
        ])
        let refusal = KafkaResponseBody.refusal(of: .fetch(request), errorCode: KafkaErrorCode.notLeaderOrFollower.rawValue)
        // v6 has no top-level error code: only the partitions can tell the client.
        guard case .fetch(let decoded) = try roundTrip(refusal, apiKey: .fetch, version: 6) else { return XCTFail("not a Fetch response") }
        XCTAssertEqual(decoded.responses.map(\.topic), ["orders", "audit"])
        XCTAssertEqual(decoded.responses.flatMap { $0.partitions.map(\.partitionIndex) }, [0, 3, 1])
        XCTAssertEqual(Set(decoded.responses.flatMap { $0.partitions.map(\.errorCode) }), [KafkaErrorCode.notLeaderOrFollower.rawValue])
        XCTAssertTrue(decoded.responses.allSatisfy { $0.partitions.allSatisfy { $0.records == nil } })
    }

    func testFindCoordinatorRefusalCarriesTheErrorForOneKeyAndForEachOfMany() throws {
        let code = KafkaErrorCode.coordinatorNotAvailable.rawValue
        let single = KafkaResponseBody.refusal(of: .findCoordinator(FindCoordinatorRequest(key: "group-a")), errorCode: code)
        guard case .findCoordinator(let v3) = try roundTrip(single, apiKey: .findCoordinator, version: 3) else { return XCTFail("not a FindCoordinator response") }
        XCTAssertEqual(v3.errorCode, code)
        XCTAssertEqual(v3.host, "")

        let batched = KafkaResponseBody.refusal(of: .findCoordinator(FindCoordinatorRequest(coordinatorKeys: ["group-a", "group-b"])), errorCode: code)
        guard case .findCoordinator(let v4) = try roundTrip(batched, apiKey: .findCoordinator, version: 4) else { return XCTFail("not a FindCoordinator response") }
        XCTAssertEqual(v4.coordinators.map(\.key), ["group-a", "group-b"])
        XCTAssertEqual(v4.coordinators.map(\.errorCode), [code, code])
        XCTAssertEqual(v4.coordinators.map(\.port), [-1, -1])
    }

    private func roundTrip(_ body: KafkaResponseBody, apiKey: KafkaApiKey, version: Int16) throws -> KafkaResponseBody {
        var buffer = ByteBuffer()
        try KafkaResponseFrame(header: ResponseHeader(correlationId: 7), body: body, apiVersion: version).encode(into: &buffer)
        return try KafkaResponseFrame(decoding: buffer.getSlice(at: 4, length: buffer.readableBytes - 4)!, apiKey: apiKey, apiVersion: version).body
    }
}
