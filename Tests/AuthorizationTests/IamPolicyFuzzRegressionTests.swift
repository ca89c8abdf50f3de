import Foundation
import XCTest

/// Replays the IAM policy fuzzer's seeds and saved findings
/// (FuzzTesting/seed-corpus-iam-policy, FuzzTesting/regressions/iam-policy)
/// through its check (Support/IamPolicyFuzzChecks.swift).
final class IamPolicyFuzzRegressionTests: XCTestCase {
    func testPolicyInputsReadBackTheSame() throws {
        let fuzzTesting = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("FuzzTesting")
        var count = 0
        for folder in ["seed-corpus-iam-policy", "regressions/iam-policy"] {
            let directory = fuzzTesting.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() where !name.hasPrefix(".") {
                let bytes = Array(try Data(contentsOf: directory.appendingPathComponent(name)))
                XCTAssertEqual(IamPolicyFuzzChecks.check(bytes), [], "\(folder)/\(name)")
                count += 1
            }
        }
        XCTAssertGreaterThanOrEqual(count, 4)
    }
}
