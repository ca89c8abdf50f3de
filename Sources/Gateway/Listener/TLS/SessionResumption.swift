import CNIOBoringSSL
import NIOSSL

/// TLS session resumption on a listener: a client that reconnects presents
/// the ticket of its last session and skips the certificate exchange and
/// signatures of a full handshake (TLS 1.3 PSK with a fresh ECDHE; TLS 1.2
/// session tickets).
///
/// - Tickets only, no server-side session cache: a ticket is the session
///   sealed under the context's ticket key, so resumption keeps no memory
///   per client (BoringSSL's cache would hold up to 20,480 sessions for
///   TLS 1.2 clients without ticket support; those get full handshakes).
/// - Ticket keys are BoringSSL's own: random per context, rotated every two
///   days with the previous key still accepted, never written anywhere. A
///   listener's context is its own, so a ticket resumes only on the
///   listener that issued it (any of its node ports), and a restart or a
///   reload of the listener's TLS files (a new context) ends every ticket:
///   a changed client CA is never bypassed by an old session.
/// - A session resumes for `lifetime` after its last full or resumed
///   handshake; BoringSSL ends TLS 1.3 sessions 7 days after their full
///   handshake whatever the renewals. What a resumption does not redo, the
///   gateway does on every connection anyway: the principal is looked up
///   in the current policy, and a client certificate outside its validity
///   period is refused (`portcullisVerifiedClientCertificate`).
/// - BoringSSL holds a TLS 1.3 server's tickets until its first write, so a
///   client gets them with its first answer (ApiVersions).
enum SessionResumption {
    static let lifetimeSeconds: UInt32 = 2 * 60 * 60

    static func apply(to context: NIOSSLContext) throws(ListenerTLSError) {
        let sslContext = try context.boringSSLContext(for: "session resumption")
        _ = SSL_CTX_set_session_cache_mode(sslContext, CInt(SSL_SESS_CACHE_OFF))
        _ = SSL_CTX_set_timeout(sslContext, lifetimeSeconds)
        SSL_CTX_set_session_psk_dhe_timeout(sslContext, lifetimeSeconds)
        guard SSL_CTX_get_options(sslContext) & UInt32(SSL_OP_NO_TICKET) == 0 else {
            throw .contextRejected(reason: "BoringSSL's context has session tickets turned off")
        }
    }
}
