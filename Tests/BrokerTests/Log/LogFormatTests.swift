@testable import Broker
import KafkaProtocol
import NIOCore
import XCTest

final class LogFormatTests: XCTestCase {
    func testAnEntryHeaderRoundTripsAndAnyChangedByteMakesItUnreadable() throws {
        var batch = try logTestBatch(["a", "b", "c"], timestamp: 1_234, producerId: 99, producerEpoch: 2, baseSequence: 17)
        batch.baseOffset = 1_000_000
        let header = LogEntryHeader(batch: batch, sealedLength: 321)
        let bytes = header.bytes
        XCTAssertEqual(bytes.readableBytes, LogEntryHeader.length)
        XCTAssertEqual(LogEntryHeader.parse(bytes), header)
        XCTAssertEqual(header.lastOffset, 1_000_002)
        XCTAssertEqual(header.entryLength, 53 + 321)

        for index in 0..<LogEntryHeader.length {
            var changed = bytes
            changed.setInteger(bytes.getInteger(at: index, as: UInt8.self)! ^ 0x04, at: index)
            XCTAssertNil(LogEntryHeader.parse(changed), "byte \(index)")
        }
        XCTAssertNil(LogEntryHeader.parse(bytes.getSlice(at: 0, length: 52)!))
    }

    func testFileNamesAreTwentyDigitOffsetsAndDirectoriesTopicDashPartition() {
        XCTAssertEqual(LogLayout.fileName(42, .timeindex), "00000000000000000042.timeindex")
        XCTAssertEqual(LogLayout.parseFileName("00000000000000000042.key")?.baseOffset, 42)
        XCTAssertEqual(LogLayout.parseFileName("00000000000000000042.key")?.kind, .key)
        XCTAssertNil(LogLayout.parseFileName("0000000000000000042.key"))
        XCTAssertNil(LogLayout.parseFileName("00000000000000000042.key.tmp"))
        XCTAssertNil(LogLayout.parseFileName("0000000000000000004x.log"))
        XCTAssertEqual(LogLayout.partitionDirectory(dataDirectory: "/d", topic: "my-topic", partition: 12), "/d/logs/my-topic-12")
        XCTAssertEqual(LogLayout.parsePartitionDirectoryName("my-topic-12")?.topic, "my-topic")
        XCTAssertEqual(LogLayout.parsePartitionDirectoryName("my-topic-12")?.partition, 12)
        XCTAssertNil(LogLayout.parsePartitionDirectoryName("-12"))
        XCTAssertNil(LogLayout.parsePartitionDirectoryName("topic"))
    }

    func testIndexesRejectEntriesOutOfOrderOrOutOfRange() {
        func offsetIndex(_ pairs: [(UInt32, UInt32)], logSize: Int = 10_000) -> OffsetIndex? {
            var bytes = ByteBuffer()
            pairs.forEach { OffsetIndex.encode(.init(relativeOffset: $0.0, position: $0.1), into: &bytes) }
            return OffsetIndex.decode(bytes, logSize: logSize, offsetSpan: 100)
        }
        let index = offsetIndex([(3, 200), (9, 500), (20, 900)])
        XCTAssertEqual(index?.startPosition(for: 0), 0)
        XCTAssertEqual(index?.startPosition(for: 3), 200)
        XCTAssertEqual(index?.startPosition(for: 19), 500)
        XCTAssertEqual(index?.startPosition(for: 99), 900)
        XCTAssertNil(offsetIndex([(3, 200), (3, 300)]))
        XCTAssertNil(offsetIndex([(3, 200), (4, 100)]))
        XCTAssertNil(offsetIndex([(3, 200), (100, 300)]), "offset past the segment")
        XCTAssertNil(offsetIndex([(3, 20_000)]), "position past the log")
        XCTAssertNil(OffsetIndex.decode(ByteBuffer(bytes: [0, 0, 0]), logSize: 100, offsetSpan: 100))

        var times = TimeIndex()
        XCTAssertTrue(times.appendIfLarger(.init(timestamp: 100, relativeOffset: 0)))
        XCTAssertFalse(times.appendIfLarger(.init(timestamp: 100, relativeOffset: 5)))
        XCTAssertTrue(times.appendIfLarger(.init(timestamp: 300, relativeOffset: 9)))
        XCTAssertNil(times.startOffset(forTimestamp: 99))
        XCTAssertEqual(times.startOffset(forTimestamp: 299), 0)
        XCTAssertEqual(times.startOffset(forTimestamp: 300), 9)
    }

    func testSequenceNumbersWrapAsKafkasDo() {
        XCTAssertEqual(ProducerStateTable.sequence(5, plus: 3), 8)
        XCTAssertEqual(ProducerStateTable.sequence(Int32.max, plus: 0), Int32.max)
        XCTAssertEqual(ProducerStateTable.sequence(Int32.max - 1, plus: 3), 1)
    }

    func testTopicConfigsUseKafkasNamesAndRefuseBadValues() throws {
        let configuration = try LogConfiguration(topicConfigs: [
            "segment.bytes": "1048576", "retention.ms": "-1", "message.timestamp.type": "LogAppendTime",
            "cleanup.policy": "delete",
        ])
        XCTAssertEqual(configuration.segmentBytes, 1_048_576)
        XCTAssertEqual(configuration.retentionMs, -1)
        XCTAssertEqual(configuration.messageTimestampType, .logAppendTime)
        XCTAssertEqual(configuration.segmentMs, 604_800_000)
        XCTAssertEqual(try LogConfiguration(topicConfigs: configuration.topicConfigs), configuration)

        for (name, value) in [("segment.bytes", "3000000000"), ("segment.bytes", "ten"), ("retention.bytes", "-2"),
                              ("message.timestamp.type", "Now"), ("segment.ms", "0")] {
            XCTAssertThrowsError(try LogConfiguration(topicConfigs: [name: value])) {
                XCTAssertEqual($0 as? LogError, .invalidConfiguration(name: name, value: value))
            }
        }
    }
}
