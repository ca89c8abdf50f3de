import Foundation
import XCTest

/// Replays the segment fuzzer's seeds and every input it ever saved as a
/// finding (FuzzTesting/seed-corpus-segment, FuzzTesting/regressions/segment)
/// through the checks it applies (Support/SegmentFuzzChecks.swift): each is
/// unpacked into a partition directory that the log recovers, serves, appends
/// to and recovers again.
final class SegmentFuzzRegressionTests: XCTestCase {
    static let fuzzTesting = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzTesting")

    static func inputs() throws -> [(String, [UInt8])] {
        try ["seed-corpus-segment", "regressions/segment"].flatMap { folder in
            let directory = fuzzTesting.appendingPathComponent(folder)
            return try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { !$0.hasPrefix(".") }.sorted()
                .map { ("\(folder)/\($0)", Array(try Data(contentsOf: directory.appendingPathComponent($0)))) }
        }
    }

    func testSegmentInputsBreakNoInvariant() async throws {
        let inputs = try Self.inputs()
        XCTAssertGreaterThanOrEqual(inputs.count, 4)
        for (name, bytes) in inputs {
            let findings = await SegmentFuzzChecks.check(bytes)
            XCTAssertEqual(findings, [], name)
        }
    }

    /// The seeds are what the broker's own code writes now: made again, they
    /// hold the same files (the clock and the fuzz key service are fixed; only
    /// AES-GCM's random nonces differ), and a clean seed recovers without damage.
    func testSeedsAreWhatTheLogWrites() async throws {
        let made = try await SegmentFuzzChecks.makeSeeds()
        let stored = Dictionary(try Self.inputs().filter { $0.0.hasPrefix("seed-corpus") }.map { ($0.0, $0.1) }) { $1 }
        for (name, bytes) in made {
            let seed = try XCTUnwrap(stored["seed-corpus-segment/\(name)"], "missing seed \(name); write them with SegmentFuzzer --write-seeds")
            let (options, files) = SegmentFuzzChecks.unpack(seed)
            let (madeOptions, madeFiles) = SegmentFuzzChecks.unpack(bytes)
            XCTAssertEqual(options.byte, madeOptions.byte, name)
            XCTAssertEqual(files.map(\.name), madeFiles.map(\.name), name)
            XCTAssertEqual(files.map(\.bytes.count), madeFiles.map(\.bytes.count), name)
        }
    }
}
