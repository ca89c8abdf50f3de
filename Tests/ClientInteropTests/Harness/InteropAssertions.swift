import KafkaProtocol
import XCTest

// What every live client test checks about a session.
extension InteropSession {
    /// The client ended by itself with status 0.
    func assertClientSucceeded(file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(outcome.succeeded, "\(client) \(outcome)", file: file, line: line)
    }

    /// Every request decoded and re-encoded to the bytes the client sent,
    /// every one was answered, and every produced v2 batch had a good CRC.
    func assertEveryRequestRoundTripped(file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(capture.requests.isEmpty, "\(client) sent no request", file: file, line: line)
        for request in capture.requests {
            switch request.roundTrip {
            case .identical, .newerApiVersionsProbe:
                continue
            default:
                XCTFail("\(client): \(request)", file: file, line: line)
            }
        }
        XCTAssertEqual(capture.unanswered, [], "\(client): requests the capture server could not answer", file: file, line: line)
        XCTAssertEqual(capture.checksumFailures, 0, "\(client): produced batches with a bad CRC-32C", file: file, line: line)
    }

    /// The client used at least these APIs.
    func assertSaw(_ expected: Set<KafkaApiKey>, file: StaticString = #filePath, line: UInt = #line) {
        let missing = expected.subtracting(versionsSeen.keys)
        XCTAssertTrue(
            missing.isEmpty,
            "\(client) never sent \(missing.map(\.name).sorted()); it sent \(versionsSummary)",
            file: file, line: line
        )
    }
}
