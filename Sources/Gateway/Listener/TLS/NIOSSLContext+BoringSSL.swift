import NIOSSL

extension NIOSSLContext {
    /// The property of `NIOSSLContext` that holds BoringSSL's `SSL_CTX *`.
    static let boringSSLContextPropertyName = "sslContext"

    /// BoringSSL's `SSL_CTX` behind this context, for the server settings
    /// swift-nio-ssl (2.37) has no API for (`ServerCipherPreference`,
    /// `SessionResumption`). swift-nio-ssl keeps it private, so it is read
    /// through reflection and changed with BoringSSL's own functions
    /// (`CNIOBoringSSL`, the module NIOSSL is built on; not a product of
    /// swift-nio-ssl, but importable by whoever depends on NIOSSL) before the
    /// context serves any connection: every connection made from it copies
    /// the context's settings. Should a swift-nio-ssl update rename or retype
    /// the stored property, the context is refused with a clear reason, never
    /// served without the settings.
    func boringSSLContext(for purpose: String) throws(ListenerTLSError) -> OpaquePointer {
        let stored = Mirror(reflecting: self).children.first { $0.label == Self.boringSSLContextPropertyName }?.value
        guard let sslContext = stored as? OpaquePointer else {
            throw .contextRejected(
                reason: "cannot set \(purpose): NIOSSLContext has no '\(Self.boringSSLContextPropertyName)' pointer (swift-nio-ssl changed)"
            )
        }
        return sslContext
    }
}
