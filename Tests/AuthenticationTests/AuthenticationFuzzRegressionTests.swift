import Authentication
import Foundation
import XCTest

/// Replays the security fuzzer's seeds and every input it ever saved as a
/// finding (FuzzTesting/seed-corpus-{scram,iam-token}, FuzzTesting/regressions/…)
/// through the checks it applies (Support/AuthenticationFuzzChecks.swift).
final class AuthenticationFuzzRegressionTests: XCTestCase {
    static let fuzzTesting = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzTesting")

    static func inputs(_ target: String) throws -> [(String, [UInt8])] {
        try ["seed-corpus-\(target)", "regressions/\(target)"].flatMap { folder in
            let directory = fuzzTesting.appendingPathComponent(folder)
            return try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { !$0.hasPrefix(".") }.sorted()
                .map { ("\(folder)/\($0)", Array(try Data(contentsOf: directory.appendingPathComponent($0)))) }
        }
    }

    func testScramInputsBreakNoInvariant() throws {
        let inputs = try Self.inputs("scram")
        XCTAssertGreaterThanOrEqual(inputs.count, 6)
        for (name, bytes) in inputs { XCTAssertEqual(AuthenticationFuzzChecks.checkScram(bytes), [], name) }
    }

    func testIamTokenInputsBreakNoInvariant() throws {
        let inputs = try Self.inputs("iam-token")
        XCTAssertGreaterThanOrEqual(inputs.count, 6)
        for (name, bytes) in inputs { XCTAssertEqual(AuthenticationFuzzChecks.checkIamToken(bytes), [], name) }
    }

    /// The seeds are real tokens (AWS's signer, botocore, kafka-python), so the fuzzer starts from inputs that parse.
    func testIamTokenSeedsParse() throws {
        for (name, bytes) in try Self.inputs("iam-token") where name.hasPrefix("seed-corpus") {
            let parses = (try? IamToken.parseOAuthBearer(clientFirstMessage: bytes)) != nil
                || (try? IamToken.parseMskIam(payload: bytes)) != nil
            XCTAssertTrue(parses, name)
        }
    }
}
