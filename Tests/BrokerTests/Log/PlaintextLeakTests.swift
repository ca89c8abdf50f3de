import Broker
import Foundation
import XCTest

/// Nothing under the data directory holds a produced value in plaintext.
final class PlaintextLeakTests: XCTestCase {
    func testNoFileUnderTheDataDirectoryContainsAProducedKeyValueOrHeader() async throws {
        let fixture = try await LogFixture.make(self)
        let marker = "ZEBRA-\(UInt64.random(in: 0...UInt64.max))"
        try await produce(marker, into: fixture, cipher: nil)
        let files = try filesContaining(marker, under: fixture.dataDirectory)
        XCTAssertEqual(files, [])
    }

    /// The search above can fail: with encryption off it finds the values.
    func testTheSearchFindsValuesWhenEncryptionIsOff() async throws {
        let fixture = try await LogFixture.make(self)
        let marker = "ZEBRA-\(UInt64.random(in: 0...UInt64.max))"
        try await produce(marker, into: fixture, cipher: UnencryptedSegmentCipherForBenchmarksOnly())
        let files = try filesContaining(marker, under: fixture.dataDirectory)
        XCTAssertFalse(files.isEmpty)
        XCTAssertTrue(files.allSatisfy { $0.hasSuffix(".log") })
    }

    /// Values, keys ("key-" + value) and header values ("h-" + value) with
    /// `marker` in them, over several segments, with an idempotent producer
    /// so that a producer snapshot is written too.
    private func produce(_ marker: String, into fixture: LogFixture, cipher: (any SegmentCipher)?) async throws {
        let log = try await fixture.open(configuration: smallSegments(), cipher: cipher)
        for index in 0..<20 {
            _ = try await log.append(try logTestBatch(
                ["\(marker)-\(index)"], timestamp: 1_000 + Int64(index), producerId: 42, producerEpoch: 0, baseSequence: Int32(index)
            ))
        }
        try await log.flush()
        let segments = await log.segmentBaseOffsets
        XCTAssertGreaterThan(segments.count, 2)
        await log.close()
    }

    private func filesContaining(_ marker: String, under directory: String) throws -> [String] {
        let needle = Array(marker.utf8)
        let enumerator = try XCTUnwrap(FileManager.default.enumerator(atPath: directory))
        var searched = 0
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let path = directory + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            searched += 1
            let bytes = try fileBytes(path)
            if bytes.count >= needle.count, (0...(bytes.count - needle.count)).contains(where: { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }) {
                found.append(relative)
            }
        }
        XCTAssertGreaterThan(searched, 10, "the logs, indexes, key files, snapshot and keyring were searched")
        return found
    }
}
