import Audit
import Foundation
import XCTest

/// The lines of a decision file (without newlines).
func lines(of file: AuditLogFile) throws -> [String] {
    let text = try String(contentsOfFile: file.path, encoding: .utf8)
    var lines = text.components(separatedBy: "\n")
    if lines.last == "" { lines.removeLast() }
    return lines
}

/// Replaces a decision file's lines, as an attacker with write access would.
func rewrite(_ file: AuditLogFile, _ change: (inout [String]) -> Void) throws {
    var content = try lines(of: file)
    change(&content)
    try Data((content.map { $0 + "\n" }.joined()).utf8).write(to: URL(fileURLWithPath: file.path))
}

/// The decoded records of a file.
func records(of file: AuditLogFile) throws -> [AuditRecord] {
    let decoder = AuditLineDecoder()
    return try lines(of: file).map { try decoder.decode(Array($0.utf8)[...]) }
}

/// Waits up to `timeout` for `condition`, checking every 10 ms.
func eventually(timeout: Duration = .seconds(10), _ condition: () throws -> Bool, file: StaticString = #filePath, line: UInt = #line) throws {
    let deadline = ContinuousClock.now + timeout
    while try !condition() {
        guard ContinuousClock.now < deadline else {
            XCTFail("condition not met within \(timeout)", file: file, line: line)
            return
        }
        Thread.sleep(forTimeInterval: 0.01)
    }
}
