import NIOSSL
import XCTest

@testable import Gateway

final class TLSFailureDescriptionTests: XCTestCase {
    func testBoringSSLReasonsKeepTheirCodeAndLoseTheBuildPath() {
        let described = TLSFailureDescription.reason(fromDescription:
            "Error: 268435581 error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at /work/main/.build/checkouts/swift-nio-ssl/Sources/CNIOBoringSSL/ssl/handshake.cc:320")
        XCTAssertTrue(described.hasPrefix("CERTIFICATE_VERIFY_FAILED ("), described)
        XCTAssertFalse(described.contains("/"), described)
        XCTAssertEqual(
            TLSFailureDescription.reason(fromDescription:
                "Error: 268435703 error:100000f7:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER at /tmp/x/tls_record.cc:127"),
            "WRONG_VERSION_NUMBER (not TLS: a plaintext client on a TLS port?)"
        )
        XCTAssertEqual(
            TLSFailureDescription.reason(fromDescription: "Error: 268435999 error:10000999:SSL routines:OPENSSL_internal:SOMETHING_NEW at /a/b.cc:1"),
            "SOMETHING_NEW"
        )
    }

    func testMessagesWithoutACodeKeepTheirText() {
        XCTAssertEqual(TLSFailureDescription.reason(fromDescription: "Error:  EOF during handshake"), "EOF during handshake")
    }

    func testAnUncleanShutdownIsSaidPlainly() {
        XCTAssertEqual(TLSFailureDescription.describe(NIOSSLError.uncleanShutdown),
                       "the peer closed the connection without a TLS close_notify")
        XCTAssertEqual(TLSFailureDescription.describe(NIOSSLError.handshakeFailed(.zeroReturn)), "TLS handshake failed: zeroReturn")
    }
}
