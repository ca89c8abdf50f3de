import Foundation
import XCTest

extension XCTestCase {
    /// A fresh directory, removed when the test ends.
    func makeTemporaryDirectory() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/portcullis-audit-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let path = String(cString: try XCTUnwrap(created))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }
}
