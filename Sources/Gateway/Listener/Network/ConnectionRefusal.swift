/// Why the gateway refused a connection before serving it: the `reason`
/// label of `portcullis_connections_refused_total`.
enum ConnectionRefusal {
    /// The client's address is outside the listener's allow-list (closed at accept).
    static let cidrNotAllowed = "cidr-not-allowed"
    /// The socket has no IP peer address, which ACL hosts and network rules need.
    static let noClientAddress = "no-client-address"
    /// The TLS handshake failed (no shared version or cipher, an untrusted certificate, not TLS at all).
    static let tlsHandshakeFailed = "tls-handshake-failed"
}
