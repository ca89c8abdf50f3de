import XCTest

@testable import LogDelivery

/// What a refused request says: AWS's error code, and never the session token it may echo.
final class LogDeliveryFailureTests: XCTestCase {
    func testTheJSONErrorTypeIsTheCode() {
        let failure = LogDeliveryFailure(
            destination: "cloudwatch", statusCode: 400,
            body: Array(#"{"__type":"com.amazonaws.logs#ResourceNotFoundException","message":"The specified log group does not exist."}"#.utf8),
            sessionToken: nil
        )
        XCTAssertEqual(failure.errorCode, "ResourceNotFoundException")
        XCTAssertTrue(failure.description.hasPrefix("cloudwatch: HTTP 400, ResourceNotFoundException, "))
    }

    func testTheXMLCodeIsTheCodeAndTheSessionTokenIsCutOut() {
        let token = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN"
        let failure = LogDeliveryFailure(
            destination: "s3", statusCode: 403,
            body: Array("<Error><Code>InvalidToken</Code><Token-0>\(token)</Token-0></Error>".utf8),
            sessionToken: token
        )
        XCTAssertEqual(failure.errorCode, "InvalidToken")
        XCTAssertFalse(failure.description.contains(token))
        XCTAssertTrue(failure.description.contains("<redacted>"))
    }
}
