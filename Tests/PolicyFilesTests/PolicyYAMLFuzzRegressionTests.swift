import Foundation
import XCTest

/// Replays the policy file fuzzer's seeds and saved findings
/// (FuzzTesting/seed-corpus-policy-yaml, FuzzTesting/regressions/policy-yaml)
/// through its check (Support/PolicyYAMLFuzzChecks.swift).
final class PolicyYAMLFuzzRegressionTests: XCTestCase {
    func testPolicyFileInputsAreReadOrRefusedInPlace() throws {
        let fuzzTesting = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("FuzzTesting")
        var count = 0
        for folder in ["seed-corpus-policy-yaml", "regressions/policy-yaml"] {
            let directory = fuzzTesting.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() where !name.hasPrefix(".") {
                let bytes = Array(try Data(contentsOf: directory.appendingPathComponent(name)))
                XCTAssertEqual(PolicyYAMLFuzzChecks.check(bytes), [], "\(folder)/\(name)")
                count += 1
            }
        }
        XCTAssertGreaterThanOrEqual(count, 10)
    }
}
