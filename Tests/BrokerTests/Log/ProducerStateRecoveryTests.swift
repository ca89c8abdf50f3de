import Broker
import Foundation
import XCTest

/// The logs run on a clock near the batches' timestamps: producers idle
/// for longer than producer.id.expiration.ms (a day) are forgotten on open.
final class ProducerStateRecoveryTests: XCTestCase {
    /// Producer 7 writes 7 batches of 2 records (sequences 0-13); producer 8
    /// writes under epoch 0, then epoch 1; a non-idempotent batch in between.
    private func produce(into log: PartitionLog) async throws {
        for index in 0..<7 {
            _ = try await log.append(try logTestBatch(
                ["p7-\(index)-a", "p7-\(index)-b"], timestamp: 1_000 + Int64(index), producerId: 7, producerEpoch: 3, baseSequence: Int32(index * 2)
            ))
            _ = try await log.append(try logTestBatch(["plain-\(index)"]))
        }
        _ = try await log.append(try logTestBatch(["p8-a"], producerId: 8, producerEpoch: 0, baseSequence: 0))
        _ = try await log.append(try logTestBatch(["p8-b"], producerId: 8, producerEpoch: 0, baseSequence: 1))
        _ = try await log.append(try logTestBatch(["p8-c"], timestamp: 2_000, producerId: 8, producerEpoch: 1, baseSequence: 0))
        try await log.flush()
    }

    func testTheLogKeepsTheLastFiveBatchesPerProducerAndResetsOnANewEpoch() async throws {
        let log = try await LogFixture.make(self).open()
        try await produce(into: log)
        let states = await log.producerStates
        XCTAssertEqual(Set(states.keys), [7, 8])
        let seven = try XCTUnwrap(states[7])
        XCTAssertEqual(seven.producerEpoch, 3)
        XCTAssertEqual(seven.recentBatches.map(\.firstSequence), [4, 6, 8, 10, 12])
        XCTAssertEqual(seven.lastSequence, 13)
        XCTAssertEqual(seven.recentBatches.last, ProducerBatch(firstSequence: 12, lastSequence: 13, firstOffset: 18, lastOffset: 19, maxTimestamp: 1_007))
        let eight = try XCTUnwrap(states[8])
        XCTAssertEqual(eight.producerEpoch, 1)
        XCTAssertEqual(eight.recentBatches, [ProducerBatch(firstSequence: 0, lastSequence: 0, firstOffset: 23, lastOffset: 23, maxTimestamp: 2_000)])
    }

    /// A batch's timestamp is the producer's, any Int64: the expiry check takes
    /// one at Int64.min as long expired and one at Int64.max as not, without
    /// overflowing, at a retention check and on open (it trapped on both).
    func testProducerTimestampsAtTheEndsOfInt64DoNotOverflowTheExpiryCheck() async throws {
        let fixture = try await LogFixture.make(self)
        let log = try await fixture.open(clock: { 10_000 })
        _ = try await log.append(try logTestBatch(["past"], timestamp: .min, producerId: 7, producerEpoch: 0, baseSequence: 0))
        _ = try await log.append(try logTestBatch(["future"], timestamp: .max, producerId: 8, producerEpoch: 0, baseSequence: 0))
        try await log.flush()
        _ = try await log.enforceRetention()
        let kept = await log.producerStates
        XCTAssertEqual(Set(kept.keys), [8])
        await log.close()

        let reopened = try await fixture.open(clock: { 10_000 })
        XCTAssertEqual(Set(reopened.recoveryReport.producerStates.keys), [8])
    }

    func testProducerStateIsRecoveredFromTheActiveSegmentAfterReopening() async throws {
        let fixture = try await LogFixture.make(self)
        let log = try await fixture.open(clock: { 10_000 })
        try await produce(into: log)
        let before = await log.producerStates
        await log.close()

        let reopened = try await fixture.open(clock: { 10_000 })
        XCTAssertEqual(reopened.recoveryReport.producerStates, before)
        let after = await reopened.producerStates
        XCTAssertEqual(after, before)
    }

    func testProducerStateIsRecoveredAcrossSegmentsFromTheSnapshotAndWithoutIt() async throws {
        let fixture = try await LogFixture.make(self)
        let log = try await fixture.open(configuration: smallSegments(), clock: { 10_000 })
        try await produce(into: log)
        let before = await log.producerStates
        let segments = await log.segmentBaseOffsets
        XCTAssertGreaterThan(segments.count, 3)
        await log.close()

        let snapshots = try FileManager.default.contentsOfDirectory(atPath: fixture.partitionDirectory()).filter { $0.hasSuffix(".snapshot") }
        XCTAssertEqual(snapshots, [segmentFileName(segments.last!, "snapshot")], "only the active segment's snapshot is kept")

        let reopened = try await fixture.open(configuration: smallSegments(), clock: { 10_000 })
        XCTAssertEqual(reopened.recoveryReport.producerStates, before)
        XCTAssertFalse(reopened.recoveryReport.notes.contains { $0.message.contains("snapshot") })
        await reopened.close()

        try FileManager.default.removeItem(atPath: fixture.path(snapshots[0]))
        let withoutSnapshot = try await fixture.open(configuration: smallSegments(), clock: { 10_000 })
        XCTAssertTrue(withoutSnapshot.recoveryReport.notes.contains { $0.message.contains("no producer snapshot") })
        XCTAssertEqual(withoutSnapshot.recoveryReport.producerStates, before)
        await withoutSnapshot.close()

        let dayLater = try await fixture.open(configuration: smallSegments(), clock: { 1_500 + 86_400_000 })
        XCTAssertEqual(Set(dayLater.recoveryReport.producerStates.keys), [8], "producer 7 has been idle for a day")
    }
}
