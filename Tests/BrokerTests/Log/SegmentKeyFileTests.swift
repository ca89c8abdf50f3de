import Broker
import Foundation
import KeyManagement
import XCTest

final class SegmentKeyFileTests: XCTestCase {
    func testEachSegmentHasAKeyFileWithItsWrappedKeyAndContext() async throws {
        let fixture = try await LogFixture.make(self)
        let log = try await fixture.open(configuration: smallSegments())
        for index in 0..<10 {
            _ = try await log.append(try logTestBatch(["value-\(index)"]))
        }
        let segments = await log.segmentBaseOffsets
        let other = try await fixture.open(topic: "pay-ments", partition: 3)
        _ = try await other.append(try logTestBatch(["x"]))

        let locations = try SegmentKeyFile.locations(dataDirectory: fixture.dataDirectory)
        XCTAssertEqual(
            locations.map(\.segment),
            segments.map { SegmentIdentity(topic: "orders", partition: 0, baseOffset: $0) }
                + [SegmentIdentity(topic: "pay-ments", partition: 3, baseOffset: 0)]
        )
        var ciphertexts: Set<[UInt8]> = []
        for location in locations {
            let keyFile = try SegmentKeyFile.read(from: location.path)
            XCTAssertEqual(keyFile.wrappedKey.keyId, fixture.keyId)
            XCTAssertEqual(keyFile.wrappedKey.keyVersion, 1)
            XCTAssertEqual(keyFile.encryptionContext, location.segment.encryptionContext)
            ciphertexts.insert(keyFile.wrappedKey.ciphertext)
        }
        XCTAssertEqual(ciphertexts.count, locations.count, "every segment has its own data key")

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: locations[0].path))) as? [String: Any]
        XCTAssertEqual(json?["formatVersion"] as? Int, 1)
        XCTAssertEqual(json?["algorithm"] as? String, "AES-256-GCM")
        XCTAssertEqual(json?["encryptionContext"] as? [String: String], ["topic": "orders", "partition": "0", "baseOffset": "0"])
        XCTAssertNotNil((json?["wrappedKey"] as? [String: Any])?["ciphertext"] as? String)
    }

    func testRewrapMovesKeysToTheNewestVersionWithoutTouchingTheLog() async throws {
        let fixture = try await LogFixture.make(self)
        let log = try await fixture.open(configuration: smallSegments())
        for index in 0..<10 {
            _ = try await log.append(try logTestBatch(["value-\(index)"]))
        }
        try await log.flush()
        await log.close()
        let logFiles = try FileManager.default.contentsOfDirectory(atPath: fixture.partitionDirectory()).filter { $0.hasSuffix(".log") }
        let logBytes = try logFiles.map { try fileBytes(fixture.path($0)) }

        _ = try await fixture.keyService.rotateKey("alias/segments")
        let locations = try SegmentKeyFile.locations(dataDirectory: fixture.dataDirectory)
        for location in locations {
            let rewrap = try await SegmentKeyFile.rewrap(at: location, using: fixture.keyService)
            XCTAssertEqual(rewrap.previousVersion, 1)
            XCTAssertEqual(rewrap.newVersion, 2)
            XCTAssertEqual(try SegmentKeyFile.read(from: location.path).wrappedKey.keyVersion, 2)
        }
        XCTAssertEqual(try logFiles.map { try fileBytes(fixture.path($0)) }, logBytes, "no .log was rewritten")

        let reopened = try await fixture.open(configuration: smallSegments())
        XCTAssertTrue(reopened.recoveryReport.notes.isEmpty, "\(reopened.recoveryReport.notes)")
        let values = try await readAll(reopened).map(\.value)
        XCTAssertEqual(values, (0..<10).map { "value-\($0)" })
    }

    func testNewSegmentsUseTheRotatedVersion() async throws {
        let fixture = try await LogFixture.make(self)
        let log = try await fixture.open(configuration: smallSegments())
        _ = try await log.append(try logTestBatch(["before"]))
        _ = try await fixture.keyService.rotateKey("alias/segments")
        for index in 0..<10 {
            _ = try await log.append(try logTestBatch(["after-\(index)"]))
        }
        let versions = try SegmentKeyFile.locations(dataDirectory: fixture.dataDirectory).map {
            try SegmentKeyFile.read(from: $0.path).wrappedKey.keyVersion
        }
        XCTAssertEqual(versions.first, 1)
        XCTAssertEqual(Set(versions.dropFirst()), [2])
    }

    func testRewrapRefusesAKeyFileMovedToAnotherSegmentAndLeavesItAsItWas() async throws {
        let fixture = try await LogFixture.make(self)
        let log = try await fixture.open()
        _ = try await log.append(try logTestBatch(["x"]))
        let location = try XCTUnwrap(try SegmentKeyFile.locations(dataDirectory: fixture.dataDirectory).first)
        let moved = SegmentKeyLocation(path: location.path, segment: SegmentIdentity(topic: "orders", partition: 0, baseOffset: 100))
        let before = try fileBytes(location.path)
        await XCTAssertThrowsLogError({ try await SegmentKeyFile.rewrap(at: moved, using: fixture.keyService) }) {
            if case .invalidSegmentKey(location.path, _) = $0 { true } else { false }
        }
        XCTAssertEqual(try fileBytes(location.path), before)
    }

    func testAKeyFileThatIsNotOneIsATypedError() async throws {
        let fixture = try await LogFixture.make(self)
        let log = try await fixture.open()
        _ = try await log.append(try logTestBatch(["x"]))
        try await log.flush()
        await log.close()
        try writeFileBytes(Array("{\"formatVersion\": 9}".utf8), to: fixture.path(segmentFileName(0, "key")))

        let reopened = try await fixture.open()
        XCTAssertTrue(reopened.recoveryReport.notes.contains { $0.message.contains("not a segment key file") })
        XCTAssertTrue(reopened.recoveryReport.truncations.isEmpty, "data without a readable key is kept")
        await XCTAssertThrowsLogError({ try await reopened.read(from: 0, maxBytes: 100) }) {
            if case .invalidSegmentKey = $0 { true } else { false }
        }
        // Appends go to a fresh segment with a fresh key.
        let next = try await reopened.append(try logTestBatch(["y"]))
        XCTAssertEqual(next.baseOffset, 1)
        try await reopened.flush()
        let values = try await readAll(reopened, from: 1).map(\.value)
        XCTAssertEqual(values, ["y"])
    }

    func testADisabledKeyMakesTheDataUnreadableUntilItIsEnabledAgain() async throws {
        let fixture = try await LogFixture.make(self)
        let log = try await fixture.open()
        _ = try await log.append(try logTestBatch(["x"]))
        try await log.flush()

        try await fixture.keyService.setKeyEnabled(fixture.keyId, enabled: false)
        await XCTAssertThrowsLogError({ try await log.read(from: 0, maxBytes: 100) }) {
            $0 == .keyService(.keyDisabled(fixture.keyId))
        }
        await log.close()
        let reopened = try await fixture.open()
        XCTAssertTrue(reopened.recoveryReport.notes.contains { $0.message.contains("not authenticated") })
        await XCTAssertThrowsLogError({ try await reopened.read(from: 0, maxBytes: 100) }) {
            $0 == .keyService(.keyDisabled(fixture.keyId))
        }

        try await fixture.keyService.setKeyEnabled(fixture.keyId, enabled: true)
        let values = try await readAll(reopened).map(\.value)
        XCTAssertEqual(values, ["x"])
    }
}

extension SegmentKeyFileTests {
    func testARollRefusedByTheKeyServiceFailsTheAppendAndTheLogGoesOnOnceTheKeyIsBack() async throws {
        let fixture = try await LogFixture.make(self)
        let configuration = smallSegments()
        let log = try await fixture.open(configuration: configuration)
        var appended = 0
        while await log.segmentBaseOffsets.count < 2 {
            _ = try await log.append(try logTestBatch(["v\(appended)"]))
            appended += 1
        }
        // Fill the active segment until the next batch needs a new one.
        let active = await log.segmentBaseOffsets.last!
        while await log.segmentBaseOffsets.last == active {
            _ = try await log.append(try logTestBatch(["v\(appended)"]))
            appended += 1
        }
        let full = await log.segmentBaseOffsets.last!
        try await fixture.keyService.setKeyEnabled(fixture.keyId, enabled: false)
        var refused = 0
        while refused == 0 {
            do {
                _ = try await log.append(try logTestBatch(["v\(appended)"]))
                appended += 1
            } catch LogError.keyService(.keyDisabled) {
                refused += 1
            }
        }
        let segments = await log.segmentBaseOffsets
        XCTAssertEqual(segments.last, full, "no segment was created without a key")

        try await fixture.keyService.setKeyEnabled(fixture.keyId, enabled: true)
        _ = try await log.append(try logTestBatch(["v\(appended)"]))
        appended += 1
        try await log.flush()
        let rolled = await log.segmentBaseOffsets
        XCTAssertGreaterThan(rolled.count, segments.count)
        await log.close()

        let reopened = try await fixture.open(configuration: configuration)
        XCTAssertTrue(reopened.recoveryReport.notes.isEmpty, "indexes stayed consistent: \(reopened.recoveryReport.notes)")
        let values = try await readAll(reopened).map(\.value)
        XCTAssertEqual(values, (0..<appended).map { "v\($0)" })
    }
}
