import KafkaProtocol
import NIOCore
import XCTest

/// Every message of every schema, in every version: random valid values
/// encode, decode to an equal value, and re-encode to the same bytes.
final class SchemaRoundTripTests: XCTestCase {
    private let valuesPerVersion = 40

    func testEveryMessageAndVersionRoundTrips() throws {
        var random = ArbitraryValues(seed: 0x5EED_C0DE)
        var combinations = 0
        for type in allMessageTypes {
            for version in type.validVersions {
                for _ in 0..<valuesPerVersion {
                    try assertRoundTrip(type, version: version, random: &random)
                }
                combinations += 1
            }
        }
        // 186 schemas; a missing or empty table would pass vacuously.
        XCTAssertEqual(allMessageTypes.count, 186)
        // The sum of every schema's validVersions range.
        XCTAssertEqual(combinations, 674)
    }

    func testEveryStrictPrefixIsRefused() throws {
        var random = ArbitraryValues(seed: 42)
        for type in allMessageTypes {
            for version in type.validVersions {
                try assertPrefixesRefused(type, version: version, random: &random)
            }
        }
    }

    func testApiTableCoversEveryRequestSchema() {
        XCTAssertEqual(KafkaApiKey.allCases.count, 88)
        XCTAssertEqual(KafkaApiKey.allCases.filter(\.isBrokerApi).count, 72)
        XCTAssertEqual(KafkaApiKey.produce.validVersions, 0...11)
        XCTAssertEqual(KafkaApiKey.fetch.firstFlexibleVersion, 12)
        XCTAssertNil(KafkaApiKey.saslHandshake.firstFlexibleVersion)
    }

    private func assertRoundTrip<Message: KafkaMessage & ArbitraryMessage>(
        _: Message.Type, version: Int16, random: inout ArbitraryValues
    ) throws {
        let value = Message.arbitrary(version: version, using: &random)
        var encoded = ByteBuffer()
        try value.encode(into: &encoded, version: version)
        let bytes = encoded
        let decoded = try Message(from: &encoded, version: version)
        XCTAssertEqual(encoded.readableBytes, 0, "\(Message.self) v\(version) left bytes unread")
        XCTAssertEqual(decoded, value, "\(Message.self) v\(version)")
        var reencoded = ByteBuffer()
        try decoded.encode(into: &reencoded, version: version)
        XCTAssertEqual(reencoded, bytes, "\(Message.self) v\(version) re-encoded differently")
    }

    private func assertPrefixesRefused<Message: KafkaMessage & ArbitraryMessage>(
        _: Message.Type, version: Int16, random: inout ArbitraryValues
    ) throws {
        let value = Message.arbitrary(version: version, using: &random)
        var encoded = ByteBuffer()
        try value.encode(into: &encoded, version: version)
        for length in 0..<encoded.readableBytes {
            var prefix = encoded.getSlice(at: encoded.readerIndex, length: length)!
            XCTAssertThrowsError(try Message(from: &prefix, version: version), "\(Message.self) v\(version) prefix \(length)")
        }
    }
}
