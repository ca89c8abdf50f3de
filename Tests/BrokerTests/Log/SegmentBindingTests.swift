@testable import Broker
import KafkaProtocol
import KeyManagement
import NIOCore
import XCTest

/// A sealed batch is bound to its topic, partition and offset: moved
/// anywhere else, it fails to open.
final class SegmentBindingTests: XCTestCase {
    func testTheAssociatedDataBindsTopicPartitionAndOffsetUnderTheSameKey() async throws {
        let fixture = try await LogFixture.make(self)
        let (sealer, _) = try await fixture.cipher.createKey(for: SegmentIdentity(topic: "orders", partition: 0, baseOffset: 0))
        var batch = try logTestBatch(["secret"])
        batch.baseOffset = 5
        var plaintext = ByteBuffer()
        plaintext.writeKafkaRecordBatch(batch)
        let header = LogEntryHeader(batch: batch, sealedLength: Int32(plaintext.readableBytes + sealer.overhead))
        var sealed = ByteBuffer()
        try sealer.seal(plaintext, authenticating: SegmentIdentity.associatedData(topic: "orders", partition: 0, header: header), appendingTo: &sealed)

        var opened = ByteBuffer()
        try sealer.open(sealed, authenticating: SegmentIdentity.associatedData(topic: "orders", partition: 0, header: header), appendingTo: &opened)
        XCTAssertEqual(opened, plaintext)

        var moved = header
        moved.baseOffset = 6
        let elsewhere: [(String, [UInt8])] = [
            ("another partition", SegmentIdentity.associatedData(topic: "orders", partition: 1, header: header)),
            ("another topic", SegmentIdentity.associatedData(topic: "orders2", partition: 0, header: header)),
            ("another offset", SegmentIdentity.associatedData(topic: "orders", partition: 0, header: moved)),
        ]
        for (name, associatedData) in elsewhere {
            var output = ByteBuffer()
            XCTAssertThrowsError(try sealer.open(sealed, authenticating: associatedData, appendingTo: &output), name) {
                XCTAssertEqual($0 as? EnvelopeError, .authenticationFailed, name)
            }
            XCTAssertEqual(output.readableBytes, 0, name)
        }
    }

    func testSealedBytesMovedToAnotherOffsetOfTheSameSegmentFailToOpen() async throws {
        let fixture = try await LogFixture.make(self)
        let log = try await fixture.open()
        _ = try await log.append(try logTestBatch(["aaaa"]))
        _ = try await log.append(try logTestBatch(["bbbb"]))
        try await log.flush()
        await log.close()

        let logPath = fixture.path(segmentFileName(0, "log"))
        var bytes = try fileBytes(logPath)
        let entries = entryRanges(of: bytes)
        XCTAssertEqual(entries[0].count, entries[1].count)
        // Entry 1 keeps its own (intact) header but gets entry 0's sealed batch.
        bytes.replaceSubrange((entries[1].lowerBound + 53)..<entries[1].upperBound, with: bytes[(entries[0].lowerBound + 53)..<entries[0].upperBound])
        try writeFileBytes(bytes, to: logPath)

        let reopened = try await fixture.open()
        XCTAssertEqual(reopened.recoveryReport.unreadable, [.init(segmentBaseOffset: 0, offsets: 1..<2, reason: "batch failed authentication")])
        await XCTAssertThrowsLogError({ try await reopened.read(from: 1, maxBytes: 100) }) {
            $0 == .corruptBatch(topic: "orders", partition: 0, baseOffset: 1, lastOffset: 1)
        }
        let first = try await values(reopened, from: 0)
        XCTAssertEqual(first, ["aaaa"])
    }

    func testAnEntryCopiedIntoAnotherPartitionsLogFailsToOpen() async throws {
        let fixture = try await LogFixture.make(self)
        let source = try await fixture.open(partition: 0)
        _ = try await source.append(try logTestBatch(["p0-a"]))
        _ = try await source.append(try logTestBatch(["p0-b"]))
        try await source.flush()
        await source.close()
        let target = try await fixture.open(partition: 1)
        _ = try await target.append(try logTestBatch(["p1-a"]))
        try await target.flush()
        await target.close()

        // Partition 0's entry at offset 1 lands at partition 1's offset 1, header and all.
        let sourceBytes = try fileBytes(fixture.path(segmentFileName(0, "log"), partition: 0))
        let targetPath = fixture.path(segmentFileName(0, "log"), partition: 1)
        try writeFileBytes(try fileBytes(targetPath) + sourceBytes[entryRanges(of: sourceBytes)[1]], to: targetPath)

        let reopened = try await fixture.open(partition: 1)
        XCTAssertEqual(reopened.recoveryReport.unreadable, [.init(segmentBaseOffset: 0, offsets: 1..<2, reason: "batch failed authentication")])
        await XCTAssertThrowsLogError({ try await reopened.read(from: 1, maxBytes: 100) }) {
            $0 == .corruptBatch(topic: "orders", partition: 1, baseOffset: 1, lastOffset: 1)
        }
    }

    func testASegmentCopiedWithItsKeyFileToAnotherPartitionCannotBeRead() async throws {
        let fixture = try await LogFixture.make(self)
        let source = try await fixture.open(partition: 0)
        _ = try await source.append(try logTestBatch(["p0"]))
        try await source.flush()
        await source.close()

        let targetDirectory = fixture.partitionDirectory(partition: 1)
        try FileManager.default.createDirectory(atPath: targetDirectory, withIntermediateDirectories: true)
        for ext in ["log", "key"] {
            let name = segmentFileName(0, ext)
            try writeFileBytes(try fileBytes(fixture.path(name, partition: 0)), to: targetDirectory + "/" + name)
        }
        let copied = try await fixture.open(partition: 1)
        XCTAssertTrue(copied.recoveryReport.notes.contains { $0.message.contains("another segment") })
        await XCTAssertThrowsLogError({ try await copied.read(from: 0, maxBytes: 100) }) {
            if case .invalidSegmentKey(_, let reason) = $0 { reason.contains("another segment") } else { false }
        }
        await copied.close()

        // With the stored context edited to claim partition 1, the key service refuses to unwrap.
        let keyPath = targetDirectory + "/" + segmentFileName(0, "key")
        var keyFile = try SegmentKeyFile.read(from: keyPath)
        keyFile.encryptionContext["partition"] = "1"
        try keyFile.write(to: keyPath)
        let forged = try await fixture.open(partition: 1)
        await XCTAssertThrowsLogError({ try await forged.read(from: 0, maxBytes: 100) }) {
            $0 == .keyService(.invalidCiphertext)
        }
    }
}
