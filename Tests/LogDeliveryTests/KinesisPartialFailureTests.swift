import Foundation
import XCTest

@testable import LogDelivery

/// PutRecords answers per record: only the refused ones are sent again.
final class KinesisPartialFailureTests: XCTestCase {
    private let sent = (0..<4).map { KinesisDestination.PutRecords.Record(data: "r\($0)", partitionKey: "gw") }

    private func result(_ json: String) throws -> KinesisDestination.PutRecordsResult {
        try JSONDecoder().decode(KinesisDestination.PutRecordsResult.self, from: Data(json.utf8))
    }

    func testOnlyTheRefusedRecordsAreLeftInTheirOrder() throws {
        let answer = try result("""
            {"FailedRecordCount":2,"Records":[
             {"SequenceNumber":"1","ShardId":"shardId-000000000000"},
             {"ErrorCode":"ProvisionedThroughputExceededException","ErrorMessage":"Rate exceeded"},
             {"SequenceNumber":"2","ShardId":"shardId-000000000000"},
             {"ErrorCode":"InternalFailure","ErrorMessage":"try again"}]}
            """)
        XCTAssertEqual(try KinesisDestination.refused(sent, result: answer, destination: "kinesis").map(\.data), ["r1", "r3"])
    }

    func testNothingIsLeftWhenNoneFailed() throws {
        let answer = try result(#"{"FailedRecordCount":0,"Records":[{"SequenceNumber":"1"},{"SequenceNumber":"2"},{"SequenceNumber":"3"},{"SequenceNumber":"4"}]}"#)
        XCTAssertEqual(try KinesisDestination.refused(sent, result: answer, destination: "kinesis"), [])
    }

    func testAnAnswerThatDoesNotMatchTheRequestFailsTheWholeBatch() throws {
        let answer = try result(#"{"FailedRecordCount":1,"Records":[{"ErrorCode":"InternalFailure"}]}"#)
        XCTAssertThrowsError(try KinesisDestination.refused(sent, result: answer, destination: "kinesis"))
    }

    func testRecordsAreBase64OfTheLineAndTheBatchLimitCountsThePartitionKey() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let encoded = try encoder.encode(KinesisDestination.PutRecords(streamName: "s", records: [sent[0]]))
        XCTAssertEqual(String(decoding: encoded, as: UTF8.self), #"{"Records":[{"Data":"r0","PartitionKey":"gw"}],"StreamName":"s"}"#)
        let limits = KinesisDestination.limits(partitionKey: "gw")
        XCTAssertEqual(limits.count(fitting: Array(repeating: 10, count: 600)), 500)
        // 5 MiB / (1 MiB − 2 + 2) = 5 records of a little under 1 MiB.
        XCTAssertEqual(limits.count(fitting: Array(repeating: (1 << 20) - 2, count: 10)), 5)
    }
}
