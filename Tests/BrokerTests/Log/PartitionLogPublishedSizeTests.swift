@testable import Broker
import Foundation
import XCTest

/// The size a partition log publishes for the metrics scrape follows its
/// segments through appends, rolls, retention, reopening and close.
final class PartitionLogPublishedSizeTests: XCTestCase {
    func testThePublishedSizeIsTheLogsSizeAfterEveryChange() async throws {
        let fixture = try await LogFixture.make(self)
        var configuration = smallSegments()
        var log = try await fixture.open(configuration: configuration)
        XCTAssertEqual(published(log), 0)
        for index in 0..<30 {
            _ = try await log.append(try logTestBatch(["value-\(index)"], timestamp: 1_000 + Int64(index)))
            let size = await log.sizeInBytes
            XCTAssertEqual(published(log), size, "after append \(index)")
        }
        try await log.flush()
        let segments = await log.segmentBaseOffsets.count
        XCTAssertGreaterThan(segments, 4, "appends rolled segments")

        configuration.retentionBytes = 1_500
        configuration.retentionMs = -1
        try await log.update(configuration: configuration)
        let outcome = try await log.enforceRetention(now: 1_000_000)
        XCTAssertGreaterThan(outcome.deletedBytes, 0)
        let retained = await log.sizeInBytes
        XCTAssertEqual(published(log), retained, "after retention")

        await log.close()
        XCTAssertEqual(published(log), 0, "a closed log holds nothing")
        log = try await fixture.open(configuration: configuration)
        XCTAssertEqual(published(log), retained, "reopened, as recovery found it")
        await log.close()
    }

    private func published(_ log: PartitionLog) -> Int {
        log.publishedSize.load(ordering: .relaxed)
    }
}
