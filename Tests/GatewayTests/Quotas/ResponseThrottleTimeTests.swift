import KafkaProtocol
import NIOCore
import XCTest
@testable import Gateway

/// `throttle_time_ms` set in responses of every shape: leading the body
/// (flexible and not), last in Produce, absent in old versions.
final class ResponseThrottleTimeTests: XCTestCase {
    private func frame(_ body: KafkaResponseBody, version: Int16, headerTags: [KafkaTaggedField] = []) throws -> ByteBuffer {
        var buffer = ByteBuffer()
        try KafkaResponseFrame(header: ResponseHeader(correlationId: 7, unknownTaggedFields: headerTags), body: body, apiVersion: version)
            .encode(into: &buffer)
        return buffer
    }

    private func decode(_ frame: ByteBuffer, _ api: KafkaApiKey, _ version: Int16) throws -> KafkaResponseBody {
        try KafkaResponseFrame(decoding: frame.getSlice(at: 4, length: frame.readableBytes - 4)!, apiKey: api, apiVersion: version).body
    }

    func testAFlexibleFetchResponseIsSetInPlaceAfterTheHeaderTags() throws {
        var response = try frame(.fetch(FetchResponse(throttleTimeMs: 0, sessionId: 9)), version: 12,
                                 headerTags: [KafkaTaggedField(tag: 5, data: ByteBuffer(bytes: [1, 2, 3]))])
        let size = response.readableBytes
        XCTAssertTrue(ResponseThrottleTime.stamp(&response, apiKey: .fetch, version: 12, milliseconds: 250))
        XCTAssertEqual(response.readableBytes, size)
        guard case .fetch(let body) = try decode(response, .fetch, 12) else { return XCTFail("not a Fetch response") }
        XCTAssertEqual(body.throttleTimeMs, 250)
        XCTAssertEqual(body.sessionId, 9)
    }

    func testALongerWaitTheBrokerAskedForIsKept() throws {
        var response = try frame(.metadata(MetadataResponse(throttleTimeMs: 900)), version: 4)
        XCTAssertTrue(ResponseThrottleTime.stamp(&response, apiKey: .metadata, version: 4, milliseconds: 100))
        guard case .metadata(let body) = try decode(response, .metadata, 4) else { return XCTFail("not a Metadata response") }
        XCTAssertEqual(body.throttleTimeMs, 900)
    }

    func testAProduceResponseIsEncodedAgainWithItsLastField() throws {
        let topics = [ProduceResponse.TopicProduceResponse(name: "orders", partitionResponses: [.init(index: 0, baseOffset: 41)])]
        for version: Int16 in [3, 9] {
            var response = try frame(.produce(ProduceResponse(responses: topics)), version: version)
            XCTAssertTrue(ResponseThrottleTime.stamp(&response, apiKey: .produce, version: version, milliseconds: 1_234))
            guard case .produce(let body) = try decode(response, .produce, version) else { return XCTFail("not a Produce response") }
            XCTAssertEqual(body.throttleTimeMs, 1_234, "v\(version)")
            XCTAssertEqual(body.responses, topics, "v\(version)")
        }
    }

    func testAVersionWithoutTheFieldIsLeftAlone() throws {
        var response = try frame(.metadata(MetadataResponse()), version: 2)
        let before = response
        XCTAssertFalse(ResponseThrottleTime.stamp(&response, apiKey: .metadata, version: 2, milliseconds: 100))
        XCTAssertEqual(response, before)
    }

    func testATruncatedFrameIsLeftAlone() {
        var response = ByteBuffer(bytes: [0, 0, 0, 20, 0, 0])
        XCTAssertFalse(ResponseThrottleTime.stamp(&response, apiKey: .fetch, version: 12, milliseconds: 100))
        XCTAssertEqual(response, ByteBuffer(bytes: [0, 0, 0, 20, 0, 0]))
    }
}
