import Foundation
import NIOSSL

/// A connection's TLS failure as an operator reads it: BoringSSL's reason
/// code (searchable) with a hint at the usual cause, without the source
/// paths of the machine that built the binary, which NIOSSL's own
/// descriptions carry.
enum TLSFailureDescription {
    static func describe(_ error: any Error) -> String {
        switch error {
        case NIOSSLError.uncleanShutdown:
            "the peer closed the connection without a TLS close_notify"
        case NIOSSLError.handshakeFailed(let failure):
            "TLS handshake failed: \(reasons(failure))"
        case let failure as BoringSSLError:
            "TLS failed: \(reasons(failure))"
        default:
            "\(error)"
        }
    }

    private static func reasons(_ failure: BoringSSLError) -> String {
        switch failure {
        case .sslError(let stack), .unknownError(let stack):
            stack.map { reason(fromDescription: $0.description) }.joined(separator: "; ")
        default:
            "\(failure)"
        }
    }

    /// `Error: 268435581 error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at /path/handshake.cc:320`
    /// becomes `CERTIFICATE_VERIFY_FAILED (…hint…)`; a message without a code (`Error:  EOF during handshake`) keeps its text.
    static func reason(fromDescription description: String) -> String {
        var text = Substring(description)
        if let location = text.range(of: " at /", options: .backwards) {
            text = text[..<location.lowerBound]
        }
        if text.contains("error:"), let code = text.split(separator: ":").last {
            let reason = String(code)
            return hints[reason].map { "\(reason) (\($0))" } ?? reason
        }
        if text.hasPrefix("Error:") {
            text = text.dropFirst("Error:".count)
        }
        return String(text).trimmingCharacters(in: .whitespaces)
    }

    private static let hints = [
        "PEER_DID_NOT_RETURN_A_CERTIFICATE": "the client sent no certificate",
        "CERTIFICATE_VERIFY_FAILED": "the client's certificate is untrusted, expired or not for client authentication",
        "WRONG_VERSION_NUMBER": "not TLS: a plaintext client on a TLS port?",
        "NO_SHARED_CIPHER": "no TLS version or cipher in common",
        "UNSUPPORTED_PROTOCOL": "no TLS version or cipher in common",
    ]
}
