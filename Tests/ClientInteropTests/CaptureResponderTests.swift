import KafkaProtocol
import NIOCore
import XCTest

/// The capture server's parts without a socket or a client: how frames are
/// judged, and the answers the live tests depend on.
final class CaptureResponderTests: XCTestCase {
    private func makeResponder(apiVersionsMaxVersion: Int16 = 4) throws -> CaptureResponder {
        let cluster = try CapturedCluster(host: "127.0.0.1", port: 9092, apiVersionsMaxVersion: apiVersionsMaxVersion)
        return CaptureResponder(cluster: cluster, log: CaptureLog(), connection: 1)
    }

    /// `body` in `version` as a client frames it, without the length prefix.
    private func frame(_ body: KafkaRequestBody, version: Int16, correlationId: Int32 = 7) throws -> ByteBuffer {
        let header = RequestHeader(
            requestApiKey: body.apiKey.rawValue, requestApiVersion: version, correlationId: correlationId, clientId: "unit"
        )
        var bytes = ByteBuffer()
        try KafkaRequestFrame(header: header, body: body).encode(into: &bytes)
        bytes.moveReaderIndex(forwardBy: 4)
        return bytes
    }

    private func response(
        to frame: ByteBuffer, from responder: CaptureResponder
    ) throws -> (body: KafkaResponseBody, version: Int16, delay: Duration) {
        let (captured, request) = CapturedRequest.capture(frame, connection: 1)
        let reply = responder.reply(to: captured, request: request)
        guard case .respond(let body, let version, let delay) = reply else { throw Unexpected(answer: "\(reply)") }
        return (body, version, delay)
    }

    func testApiVersionsNewerThanTheCodecIsAnsweredInV0WithUnsupportedVersion() throws {
        // ApiVersions v9: header v2 with a null client id and no tags, then
        // an empty compact name and version and no tags.
        var probe = ByteBuffer()
        probe.writeInteger(KafkaApiKey.apiVersions.rawValue)
        probe.writeInteger(Int16(9))
        probe.writeInteger(Int32(7))
        probe.writeInteger(Int16(-1))
        probe.writeBytes([0, 1, 1, 0])
        let (captured, request) = CapturedRequest.capture(probe, connection: 1)
        XCTAssertEqual(captured.roundTrip, .newerApiVersionsProbe)
        XCTAssertNil(request)

        let reply = try makeResponder().reply(to: captured, request: request)
        guard case .respond(let body, let version, _) = reply else { return XCTFail("no response: \(reply)") }
        var encoded = ByteBuffer()
        try KafkaResponseFrame(header: ResponseHeader(correlationId: 7), body: body, apiVersion: version).encode(into: &encoded)
        // length, correlation id (header v0), error 35, one entry: ApiVersions 0...4 (v0: no tags, no throttle).
        XCTAssertEqual(
            Array(encoded.readableBytesView),
            [0, 0, 0, 16, 0, 0, 0, 7, 0, 35, 0, 0, 0, 1, 0, 18, 0, 0, 0, 4]
        )
    }

    func testApiVersionsAboveTheServersCapIsCapturedAndRefused() throws {
        let request = try frame(.apiVersions(ApiVersionsRequest(clientSoftwareName: "unit", clientSoftwareVersion: "1")), version: 3)
        let (captured, _) = CapturedRequest.capture(request, connection: 1)
        XCTAssertEqual(captured.roundTrip, .identical)

        let (body, version, _) = try response(to: request, from: makeResponder(apiVersionsMaxVersion: 2))
        XCTAssertEqual(version, 0)
        guard case .apiVersions(let answer) = body else { return XCTFail("\(body)") }
        XCTAssertEqual(answer.errorCode, KafkaErrorCode.unsupportedVersion.rawValue)
        XCTAssertEqual(answer.apiKeys, [.init(apiKey: KafkaApiKey.apiVersions.rawValue, minVersion: 0, maxVersion: 2)])
    }

    func testAdvertisedVersionsLeaveOutUnstableOnes() {
        let table = AdvertisedApiVersions.table(apiVersionsMaxVersion: 4)
        let byKey = Dictionary(uniqueKeysWithValues: table.map { ($0.apiKey, $0) })
        XCTAssertEqual(byKey[KafkaApiKey.endTxn.rawValue]?.maxVersion, 4)
        XCTAssertNil(byKey[KafkaApiKey.shareFetch.rawValue])
        XCTAssertEqual(byKey[KafkaApiKey.fetch.rawValue]?.maxVersion, KafkaApiKey.fetch.validVersions.upperBound)
        XCTAssertNil(byKey[KafkaApiKey.brokerRegistration.rawValue], "controller-only APIs are not a broker's")
    }

    func testATruncatedFrameIsADecodingFailure() throws {
        var request = try frame(.heartbeat(HeartbeatRequest(groupId: "g", generationId: 1, memberId: "m")), version: 3)
        request.moveWriterIndex(to: request.writerIndex - 1)
        let (captured, decoded) = CapturedRequest.capture(request, connection: 1)
        XCTAssertEqual(captured.roundTrip, .decodingFailed(.truncated))
        XCTAssertNil(decoded)
        guard case .unanswered = try makeResponder().reply(to: captured, request: decoded) else {
            return XCTFail("an undecodable request must not be answered")
        }
    }

    func testFetchServesTheBatchBelowTheHighWatermarkAndWaitsAtIt() throws {
        let responder = try makeResponder()
        func fetch(from offset: Int64) throws -> (FetchResponse.PartitionData, Duration) {
            let body = FetchRequest(
                maxWaitMs: 500,
                topics: [.init(topic: CapturedCluster.topic, partitions: [.init(partition: 0, fetchOffset: offset)])]
            )
            let (answer, _, delay) = try response(to: frame(.fetch(body), version: 11), from: responder)
            guard case .fetch(let fetched) = answer else { throw Unexpected(answer: "\(answer)") }
            return (try XCTUnwrap(fetched.responses.first?.partitions.first), delay)
        }

        let (served, noDelay) = try fetch(from: 0)
        XCTAssertEqual(noDelay, .zero)
        XCTAssertEqual(served.highWatermark, CapturedCluster.servedHighWatermark)
        var records = try XCTUnwrap(served.records)
        let batch = try XCTUnwrap(try records.readKafkaRecordBatch())
        try batch.verifyChecksum()
        XCTAssertEqual(try batch.decodeRecords().map { $0.value.map { String(buffer: $0) } }, CapturedCluster.servedValues)

        let (caughtUp, delay) = try fetch(from: CapturedCluster.servedHighWatermark)
        XCTAssertEqual(caughtUp.records?.readableBytes, 0)
        XCTAssertEqual(delay, CaptureResponder.longestFetchWait)
    }

    func testSyncGroupAssignsPartitionZeroOfCaptured() throws {
        let body = SyncGroupRequest(groupId: "g", generationId: 1, memberId: "m")
        let (answer, _, _) = try response(to: frame(.syncGroup(body), version: 3), from: makeResponder())
        guard case .syncGroup(let synced) = answer else { return XCTFail("\(answer)") }
        var assignment = synced.assignment
        XCTAssertEqual(assignment.readInteger(as: Int16.self), 0)
        let decoded = try ConsumerProtocolAssignment(from: &assignment, version: 0)
        XCTAssertEqual(decoded.assignedPartitions, [.init(topic: CapturedCluster.topic, partitions: [0])])
    }

    private struct Unexpected: Error {
        let answer: String
    }
}
