@testable import KafkaProtocol
import NIOCore
import XCTest

/// Bad input to the wire primitives gets a typed error, never a trap.
final class PrimitiveDecodingTests: XCTestCase {
    func testVarintsRoundTripAtTheirBoundaries() throws {
        for value: Int32 in [0, 1, -1, 63, -64, 64, Int32.max, Int32.min] {
            var buffer = ByteBuffer()
            buffer.writeKafkaVarint(value)
            XCTAssertEqual(try buffer.readKafkaVarint(), value)
        }
        for value: Int64 in [0, -1, Int64.max, Int64.min, 1 << 35] {
            var buffer = ByteBuffer()
            buffer.writeKafkaVarlong(value)
            XCTAssertEqual(try buffer.readKafkaVarlong(), value)
        }
        var buffer = ByteBuffer(bytes: [0xAC, 0x02])  // protobuf's own example: 300
        XCTAssertEqual(try buffer.readKafkaUnsignedVarint(), 300)
    }

    func testVarintLongerThanItsWidthIsRefused() {
        var sixBytes = ByteBuffer(bytes: [0x80, 0x80, 0x80, 0x80, 0x80, 0x01])
        XCTAssertThrowsError(try sixBytes.readKafkaUnsignedVarint()) { XCTAssertEqual($0 as? KafkaDecodingError, .invalidVarint) }
        var overflowing = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0x1F])  // 35 bits
        XCTAssertThrowsError(try overflowing.readKafkaUnsignedVarint()) { XCTAssertEqual($0 as? KafkaDecodingError, .invalidVarint) }
    }

    func testOverlongVarintIsRefusedSoBytesStayCanonical() {
        var overlongZero = ByteBuffer(bytes: [0x80, 0x00])
        XCTAssertThrowsError(try overlongZero.readKafkaUnsignedVarint()) { XCTAssertEqual($0 as? KafkaDecodingError, .invalidVarint) }
    }

    func testTruncatedVarintIsRefused() {
        var buffer = ByteBuffer(bytes: [0x80, 0x80])
        XCTAssertThrowsError(try buffer.readKafkaUnsignedVarint()) { XCTAssertEqual($0 as? KafkaDecodingError, .truncated) }
    }

    func testStringLongerThanTheInputIsRefusedBeforeReading() {
        var buffer = ByteBuffer(bytes: [0x7F, 0xFF, 0x61])
        XCTAssertThrowsError(try buffer.readKafkaNullableString(compact: false)) {
            XCTAssertEqual($0 as? KafkaDecodingError, .lengthExceedsInput(length: 32767, remaining: 1))
        }
    }

    func testNegativeLengthsOtherThanNullAreRefused() {
        var buffer = ByteBuffer(bytes: [0xFF, 0xFE])
        XCTAssertThrowsError(try buffer.readKafkaNullableString(compact: false)) {
            XCTAssertEqual($0 as? KafkaDecodingError, .invalidLength(-2))
        }
    }

    func testNullWhereNotNullableNamesTheField() {
        var buffer = ByteBuffer(bytes: [0xFF, 0xFF])
        XCTAssertThrowsError(try buffer.readKafkaString(compact: false, field: "GroupId")) {
            XCTAssertEqual($0 as? KafkaDecodingError, .unexpectedNull(field: "GroupId"))
        }
    }

    func testInvalidUTF8IsRefused() {
        var buffer = ByteBuffer(bytes: [0x00, 0x02, 0xC3, 0x28])
        XCTAssertThrowsError(try buffer.readKafkaNullableString(compact: false)) { XCTAssertEqual($0 as? KafkaDecodingError, .invalidUTF8) }
    }

    func testHugeArrayCountInATinyInputIsRefusedBeforeAllocating() {
        var classic = ByteBuffer(bytes: [0x7F, 0xFF, 0xFF, 0xFF, 0x00])
        XCTAssertThrowsError(try classic.readKafkaArrayCount(compact: false)) {
            XCTAssertEqual($0 as? KafkaDecodingError, .lengthExceedsInput(length: Int(Int32.max), remaining: 1))
        }
        var compact = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        XCTAssertThrowsError(try compact.readKafkaArrayCount(compact: true))
    }

    func testTaggedFieldsOutOfOrderAreRefused() {
        var buffer = ByteBuffer(bytes: [0x02, 0x05, 0x00, 0x03, 0x00])
        XCTAssertThrowsError(try buffer.readKafkaTaggedFields { _, _ in false }) {
            XCTAssertEqual($0 as? KafkaDecodingError, .invalidTaggedFields)
        }
    }

    func testKnownTaggedFieldWithTrailingBytesIsRefused() {
        // One field, tag 0, two bytes, of which the reader consumes one.
        var buffer = ByteBuffer(bytes: [0x01, 0x00, 0x02, 0x01, 0x02])
        XCTAssertThrowsError(try buffer.readKafkaTaggedFields { (_, data) throws(KafkaDecodingError) -> Bool in
            _ = try data.readKafkaInteger(as: UInt8.self)
            return true
        }) { XCTAssertEqual($0 as? KafkaDecodingError, .invalidTaggedFields) }
    }

    func testNullableStructMarkerMustBeMinusOneOrOne() {
        var buffer = ByteBuffer(bytes: [0x02])
        XCTAssertThrowsError(try buffer.readKafkaStructPresence(nullable: true, field: "Assignment")) {
            XCTAssertEqual($0 as? KafkaDecodingError, .invalidStructMarker(2))
        }
    }

    func testUUIDPrintsAsKafkaDoes() {
        // Kafka prints topic ids as URL-safe base64 without padding.
        let id = KafkaUUID(mostSignificantBits: 0xFBFF_FFFF_FFFF_FFFF, leastSignificantBits: 0)
        XCTAssertEqual(id.description, "-_________8AAAAAAAAAAA")
        XCTAssertEqual(KafkaUUID.zero.description, "AAAAAAAAAAAAAAAAAAAAAA")
    }
}
