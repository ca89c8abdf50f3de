import KafkaProtocol
import NIOCore
import XCTest
@testable import Gateway

/// The records sizes read from Fetch responses of every layout (names or
/// ids, classic or flexible, aborted transactions, tagged fields), however
/// the frame is cut into writes.
final class FetchResponseScannerTests: XCTestCase {
    private struct Scanned: Equatable {
        let topic: String
        let size: Int
    }

    func testEveryPartitionsRecordsSizeIsReadWhateverTheCuts() {
        let first = TrafficFixture.batch(records: 3), other = TrafficFixture.batch(records: 1)
        let ids = [KafkaUUID.random(), KafkaUUID.random()]
        for version: Int16 in [4, 5, 11, 12, 13, 16] {
            let partitions = [
                FetchResponse.PartitionData(
                    partitionIndex: 0, highWatermark: 5, abortedTransactions: [.init(producerId: 7, firstOffset: 1)], records: first
                ),
                FetchResponse.PartitionData(partitionIndex: 1, highWatermark: 5, records: nil),
            ]
            var second = FetchResponse.PartitionData(partitionIndex: 0, highWatermark: 9, records: other)
            if version >= 12 { second.currentLeader = .init(leaderId: 1, leaderEpoch: 3) }  // a tagged field to skip
            let body = FetchResponse(responses: [
                .init(topic: "orders", topicId: ids[0], partitions: partitions),
                .init(topic: "payments", topicId: ids[1], partitions: [second]),
            ])
            let frame = try! LocalResponse.encode(.fetch(body), correlationId: 1, version: version)
            let expected = [
                Scanned(topic: version >= 13 ? "\(ids[0])" : "orders", size: first.readableBytes),
                Scanned(topic: version >= 13 ? "\(ids[0])" : "orders", size: 0),
                Scanned(topic: version >= 13 ? "\(ids[1])" : "payments", size: other.readableBytes),
            ]
            for cut in [1, 2, 3, 7, 64, frame.readableBytes] {
                XCTAssertEqual(scan(frame, version: version, cut: cut), expected, "v\(version) in writes of \(cut)")
            }
        }
    }

    private func scan(_ frame: ByteBuffer, version: Int16, cut: Int) -> [Scanned] {
        var scanner = FetchResponseScanner(version: version)
        var scanned: [Scanned] = []
        var rest = frame
        while rest.readableBytes > 0 {
            scanner.scan(rest.readSlice(length: min(cut, rest.readableBytes))!) { topic, size in
                switch topic {
                case .name(let name): scanned.append(Scanned(topic: name, size: size))
                case .id(let id): scanned.append(Scanned(topic: "\(id)", size: size))
                }
            }
        }
        return scanned
    }
}
