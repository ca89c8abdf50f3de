import XCTest

@testable import Gateway

final class ReceiveWatermarkTests: XCTestCase {
    func testSmallFramesAndAFramesLastBytesWakeForAnyByte() {
        for remaining in [0, 1, 4096, ReceiveWatermark.tlsSlack, ReceiveWatermark.tlsSlack + ReceiveWatermark.smallest - 1] {
            XCTAssertEqual(ReceiveWatermark.level(forRemaining: remaining), 1, "remaining \(remaining)")
        }
    }

    func testLargeRemaindersWaitForAllButTheSlackUpToTheCap() {
        XCTAssertEqual(ReceiveWatermark.level(forRemaining: 100_000), 100_000 - ReceiveWatermark.tlsSlack)
        XCTAssertEqual(ReceiveWatermark.level(forRemaining: 100 << 20), ReceiveWatermark.largest)
    }

    /// The bytes still to arrive on the socket are at least the frame's
    /// remaining plaintext less one TLS record's worth a TLS handler may hold;
    /// a watermark above that would never be reached.
    func testTheWatermarkNeverExceedsWhatMustStillArrive() {
        let largestRecordPlaintext = 16 * 1024
        for remaining in stride(from: 0, through: 2 << 20, by: 997) {
            let level = ReceiveWatermark.level(forRemaining: remaining)
            XCTAssertTrue(level == 1 || level <= remaining - largestRecordPlaintext, "remaining \(remaining): \(level)")
        }
    }
}
