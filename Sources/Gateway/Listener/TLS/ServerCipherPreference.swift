import CNIOBoringSSL
import NIOSSL

/// The server chooses the TLS 1.2 cipher suite in its own order
/// (`MozillaIntermediateTLS.tls12CipherSuites`) instead of taking the
/// client's first acceptable one: BoringSSL's `SSL_OP_CIPHER_SERVER_PREFERENCE`,
/// which also makes the key-exchange group the server's choice
/// (`MozillaIntermediateTLS.groups`). TLS 1.3 suites are always chosen by
/// BoringSSL's own order (AES-128-GCM and AES-256-GCM as one equal-preference
/// group, so the client picks between those two).
///
/// Mozilla's intermediate profile leaves the choice to the client (every
/// suite in it is strong, and a client without AES hardware may prefer
/// CHACHA20-POLY1305); scanners and audits (testssl.sh 3.0 rates its absence
/// HIGH) ask for a server order. The cost falls on TLS 1.2 clients without
/// AES hardware, which now get AES-GCM in software.
///
/// swift-nio-ssl has no setting for it: set on BoringSSL's own context
/// (`NIOSSLContext.boringSSLContext(for:)`).
enum ServerCipherPreference {
    static func apply(to context: NIOSSLContext) throws(ListenerTLSError) {
        let sslContext = try context.boringSSLContext(for: "the server's cipher order")
        let option = UInt32(SSL_OP_CIPHER_SERVER_PREFERENCE)
        let options = SSL_CTX_set_options(sslContext, option)
        guard options & option == option else {
            throw .contextRejected(reason: "BoringSSL did not take the server's cipher order option")
        }
    }
}
