import Foundation
import XCTest

@testable import KeyManagement

/// Error replies in the shapes AWS KMS documents (JSON `__type`, or the
/// `X-Amzn-ErrorType` header) and moto's XML, mapped to `KeyServiceError`.
/// moto never answers DisabledException or KMSInvalidStateException (it
/// keeps decrypting under a disabled key), so this is where that mapping is checked.
final class AWSKMSFailureTests: XCTestCase {
    private func mapped(
        _ body: String,
        header: String? = nil,
        status: UInt = 400,
        sessionToken: String? = nil,
        subject: String = "alias/segments"
    ) -> KeyServiceError {
        AWSKMSFailure(.decrypt, statusCode: status, errorTypeHeader: header, body: body, sessionToken: sessionToken)
            .keyServiceError(subject: subject)
    }

    func testDisabledAndInvalidStateMeanKeyDisabled() {
        XCTAssertEqual(mapped(#"{"__type":"DisabledException","message":"arn:aws:kms:us-east-1:111122223333:key/1234 is disabled."}"#), .keyDisabled("alias/segments"))
        XCTAssertEqual(mapped(#"{"__type":"com.amazonaws.kms#KMSInvalidStateException","message":"pending deletion"}"#), .keyDisabled("alias/segments"))
    }

    func testNotFoundFromTheErrorTypeHeader() {
        XCTAssertEqual(mapped("", header: "NotFoundException:http://internal.amazon.com/coral/com.amazonaws.kms/"), .keyNotFound("alias/segments"))
    }

    func testCiphertextAndAliasErrors() {
        XCTAssertEqual(mapped(#"{"__type":"InvalidCiphertextException"}"#), .invalidCiphertext)
        XCTAssertEqual(mapped(#"{"__type":"IncorrectKeyException","message":"wrong key"}"#), .invalidCiphertext)
        XCTAssertEqual(mapped(#"{"__type":"AlreadyExistsException","message":"taken"}"#), .aliasInUse("alias/segments"))
    }

    func testTransientErrorsAreUnavailable() {
        XCTAssertEqual(
            mapped(#"{"__type":"ThrottlingException","Message":"Rate exceeded"}"#),
            .unavailable("AWS KMS Decrypt failed: ThrottlingException: Rate exceeded")
        )
        XCTAssertEqual(mapped(#"{"__type":"KMSInternalException"}"#), .unavailable("AWS KMS Decrypt failed: KMSInternalException"))
        XCTAssertEqual(
            mapped(#"{"__type":"com.amazonaws.kms#DependencyTimeoutException","message":"slow"}"#),
            .unavailable("AWS KMS Decrypt failed: DependencyTimeoutException: slow")
        )
    }

    func testOtherErrorsKeepTypeAndMessage() {
        XCTAssertEqual(mapped("", status: 503), .serviceFailure("AWS KMS Decrypt failed: HTTP 503"))
        let xml = "<?xml version=\"1.0\"?><ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match.</Message></Error></Errors></ErrorResponse>"
        XCTAssertEqual(
            mapped(xml, status: 403),
            .serviceFailure("AWS KMS Decrypt failed: SignatureDoesNotMatch: The request signature we calculated does not match.")
        )
    }

    func testSessionTokenIsNeverEchoed() {
        let error = mapped(#"{"__type":"UnrecognizedClientException","message":"token FQoGZXIvYXdzEXAMPLE is invalid"}"#, sessionToken: "FQoGZXIvYXdzEXAMPLE")
        XCTAssertEqual(error, .serviceFailure("AWS KMS Decrypt failed: UnrecognizedClientException: token <redacted> is invalid"))
    }

    /// Only field names are mapped to the wire's capitalised form: encryption-context keys keep their case.
    func testEncryptionContextKeysKeepTheirCase() throws {
        let request = AWSKMSMessages.GenerateDataKeyRequest(keyId: "alias/segments", encryptionContext: ["topic": "orders", "Base-Offset": "0"])
        let json = try JSONSerialization.jsonObject(with: AWSKMSMessages.encoder().encode(request)) as? [String: Any]
        XCTAssertEqual(json?["KeyId"] as? String, "alias/segments")
        XCTAssertEqual(json?["KeySpec"] as? String, "AES_256")
        XCTAssertEqual(json?["EncryptionContext"] as? [String: String], ["topic": "orders", "Base-Offset": "0"])
    }
}
