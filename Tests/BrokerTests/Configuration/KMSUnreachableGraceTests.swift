import Broker
import XCTest

final class KMSUnreachableGraceTests: XCTestCase {
    func testTheGraceIsReadFromThePropertiesFile() throws {
        var configuration = BrokerConfiguration()
        XCTAssertEqual(configuration.encryption.kmsUnreachableGraceMs, 3_600_000, "an hour")
        try configuration.apply(properties: "encryption.kms.unreachable.grace.ms=120000\n")
        XCTAssertEqual(configuration.encryption.kmsUnreachableGraceMs, 120_000)
    }

    func testAGraceShorterThanASecondIsRefusedWithItsLine() {
        var configuration = BrokerConfiguration()
        XCTAssertThrowsError(try configuration.apply(properties: "encryption.kms=aws\nencryption.kms.unreachable.grace.ms=500\n")) { error in
            XCTAssertEqual("\(error)", "line 2: encryption.kms.unreachable.grace.ms must be at least 1000")
        }
    }
}
