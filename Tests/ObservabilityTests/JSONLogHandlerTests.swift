import Foundation
import Logging
import Observability
import StrictJSON
import XCTest

final class JSONLogHandlerTests: XCTestCase {
    /// Logs into a real file and returns the lines written.
    private func lines(_ log: (Logger) -> Void) throws -> [String] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("json-log-\(UUID().uuidString)").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        defer { unlink(path) }
        var logger = Logger(label: "portcullis.test") { JSONLogHandler(label: $0, output: LineOutput(descriptor: descriptor)) }
        logger.logLevel = .debug
        log(logger)
        close(descriptor)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.hasSuffix("\n"))
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    private func object(_ line: String) throws -> [String: JSONValue] {
        guard case .object(let fields) = try JSONValue.parse(Array(line.utf8)) else {
            XCTFail("not an object: \(line)")
            return [:]
        }
        return Dictionary(uniqueKeysWithValues: fields.map { ($0.key, $0.value) })
    }

    func testAnEventIsOneLineOfJSONWithItsMetadataAsFields() throws {
        let written = try lines { logger in
            var logger = logger
            logger[metadataKey: "listener"] = "SASL_SSL"
            logger.warning("closing connection\nafter two lines", metadata: ["peer": "127.0.0.1:5000", "level": "shadowed",
                                                                            "apis": ["Produce", "Fetch"]])
            logger.debug("second")
        }
        XCTAssertEqual(written.count, 2, "\(written)")
        let first = try object(written[0])
        XCTAssertEqual(first["level"], .string("warning"))
        XCTAssertEqual(first["logger"], .string("portcullis.test"))
        XCTAssertEqual(first["message"], .string("closing connection\nafter two lines"))
        XCTAssertEqual(first["listener"], .string("SASL_SSL"))
        XCTAssertEqual(first["peer"], .string("127.0.0.1:5000"))
        XCTAssertEqual(first["metadata.level"], .string("shadowed"))
        XCTAssertEqual(first["apis"], .array([.string("Produce"), .string("Fetch")]))
        guard case .string(let time) = first["time"] else { return XCTFail("no time") }
        XCTAssertNotNil(time.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"#, options: .regularExpression), time)
        XCTAssertEqual(try object(written[1])["level"], .string("debug"))
    }

    func testLinesFromManyThreadsStayWhole() throws {
        let written = try lines { logger in
            DispatchQueue.concurrentPerform(iterations: 8) { thread in
                for index in 0..<200 { logger.info("event", metadata: ["thread": "\(thread)", "index": "\(index)"]) }
            }
        }
        XCTAssertEqual(written.count, 1600)
        for line in written { XCTAssertEqual(try object(line)["message"], .string("event")) }
    }
}
