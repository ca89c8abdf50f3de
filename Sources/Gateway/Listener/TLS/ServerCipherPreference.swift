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
/// swift-nio-ssl (2.37) has no setting for it and keeps its `SSL_CTX`
/// private, so the pointer is read through reflection and the option is set
/// with BoringSSL's own function (`CNIOBoringSSL`, the module NIOSSL is built
/// on; not a product of swift-nio-ssl, but importable by whoever depends on
/// NIOSSL) before the context serves any connection: every connection made
/// from it copies the context's options. Should a swift-nio-ssl update rename
/// or retype the stored property, the context is refused with a clear reason,
/// never served without a server order.
enum ServerCipherPreference {
    /// The property of `NIOSSLContext` that holds BoringSSL's `SSL_CTX *`.
    static let contextPropertyName = "sslContext"

    static func apply(to context: NIOSSLContext) throws(ListenerTLSError) {
        let stored = Mirror(reflecting: context).children.first { $0.label == contextPropertyName }?.value
        guard let sslContext = stored as? OpaquePointer else {
            throw .contextRejected(
                reason: "cannot set the server's cipher order: NIOSSLContext has no '\(contextPropertyName)' pointer (swift-nio-ssl changed)"
            )
        }
        let option = UInt32(SSL_OP_CIPHER_SERVER_PREFERENCE)
        let options = SSL_CTX_set_options(sslContext, option)
        guard options & option == option else {
            throw .contextRejected(reason: "BoringSSL did not take the server's cipher order option")
        }
    }
}
