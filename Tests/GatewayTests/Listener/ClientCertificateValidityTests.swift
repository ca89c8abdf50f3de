import Foundation
@testable import Gateway
import X509
import XCTest

/// A resumed TLS session brings the client certificate of its full
/// handshake; its validity period is checked again on every connection.
final class ClientCertificateValidityTests: XCTestCase {
    func testCertificateIsAcceptedOnlyInsideItsValidityPeriod() throws {
        let fixture = try TLSFixture()
        let pem = try String(contentsOfFile: fixture.client("alice").certificatePath, encoding: .utf8)
        let certificate = try Certificate(pemEncoded: pem)

        XCTAssertNoThrow(try certificate.checkClientValidity(at: certificate.notValidBefore))
        XCTAssertNoThrow(try certificate.checkClientValidity(at: certificate.notValidAfter))
        for outside in [certificate.notValidBefore - 1, certificate.notValidAfter + 1] {
            XCTAssertThrowsError(try certificate.checkClientValidity(at: outside)) { error in
                XCTAssertEqual(error as? VerifiedClientCertificateError, .outsideValidityPeriod(
                    notValidBefore: certificate.notValidBefore, notValidAfter: certificate.notValidAfter
                ))
            }
        }
    }
}
