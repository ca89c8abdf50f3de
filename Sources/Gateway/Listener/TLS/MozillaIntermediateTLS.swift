import NIOSSL

/// Mozilla's "intermediate" server profile (ssl-config guidelines 6.0): TLS
/// 1.2 and 1.3, forward-secret AEAD suites only. Guidelines 5.7 also listed
/// three DHE-RSA suites, which 6.0 dropped and BoringSSL never implemented.
/// TLS 1.3's suites are not configurable in BoringSSL and are already exactly
/// Mozilla's (AES-128-GCM, AES-256-GCM, CHACHA20-POLY1305).
enum MozillaIntermediateTLS {
    static let minimumVersion = TLSVersion.tlsv12
    static let maximumVersion = TLSVersion.tlsv13

    /// Mozilla's order, which the server's choice follows
    /// (`ServerCipherPreference`): ECDSA before RSA, AES-128-GCM, then
    /// AES-256-GCM, then CHACHA20-POLY1305.
    static let tls12CipherSuites: [NIOTLSCipher] = [
        .TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        .TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        .TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        .TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        .TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        .TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ]

    /// Key-exchange groups, in Mozilla's order; pinned here so that a change
    /// of swift-nio-ssl's defaults does not change what the gateway offers.
    static let groups: [NIOTLSCurve] = [.x25519_MLKEM768, .x25519, .secp256r1, .secp384r1]
}
