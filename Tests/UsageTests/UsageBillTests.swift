import Foundation
import XCTest
@testable import Usage

final class UsageBillTests: XCTestCase {
    private let prices = """
        {"currency": "USD", "cluster_hour": 0.75, "partition_hour": 0.0015, "storage_gb_month": 0.10,
         "data_in_gb": 0.10, "data_out_gb": 0.05, "bytes_per_gb": 1073741824, "hours_per_month": 730}
        """

    func testEachDimensionIsQuantityTimesItsPrice() throws {
        let gib: Int64 = 1 << 30
        var alice = UsageRow(principal: "User:alice", topic: "orders")
        (alice.bytesIn, alice.bytesOut) = (3 * gib, 8 * gib)
        var bob = UsageRow(principal: "User:bob", topic: "orders")
        (bob.bytesIn, bob.bytesOut) = (gib, 2 * gib)
        var storage = UsageRow(principal: nil, topic: "orders")
        // 3 partitions for 24 hours; 2 GiB for 730 × 5 hours = 10 GB-months.
        (storage.partitionHours, storage.storageByteHours) = (72, Double(2 * gib) * 730 * 5)

        let bill = UsageBill(rows: [alice, bob, storage], clusterHours: 24, prices: try UsagePrices(json: Data(prices.utf8)))

        XCTAssertEqual(bill.currency, "USD")
        XCTAssertEqual(bill.lineItems.map(\.item), ["cluster", "partitions", "storage", "data in", "data out"])
        XCTAssertEqual(bill.lineItems.map(\.unit), ["cluster-hours", "partition-hours", "GB-months", "GB", "GB"])
        XCTAssertEqual(bill.lineItems.map(\.quantity), [24, 72, 10, 4, 10])
        let expected = [18.0, 0.108, 1.0, 0.4, 0.5]
        for (item, amount) in zip(bill.lineItems, expected) {
            XCTAssertEqual(item.amount, amount, accuracy: 1e-12, item.item)
        }
        XCTAssertEqual(bill.total, 20.008, accuracy: 1e-12)
    }

    func testAPriceFileWithoutADimensionIsRefused() {
        XCTAssertThrowsError(try UsagePrices(json: Data(#"{"currency": "USD", "cluster_hour": 0.75}"#.utf8)))
        let zeroMonth = prices.replacingOccurrences(of: "\"hours_per_month\": 730", with: "\"hours_per_month\": 0")
        XCTAssertThrowsError(try UsagePrices(json: Data(zeroMonth.utf8)))
    }
}
