import NIOSSL

extension ListenerTLSMaterial {
    /// The server TLS configuration: Mozilla intermediate (the server's
    /// cipher order is set on the context, see `ServerCipherPreference`), and client
    /// certificates verified by BoringSSL against the client CAs only (never
    /// the system trust store).
    ///
    /// `.required` is `.noHostnameVerification`: a client certificate names a
    /// principal, not a host. `.optional` is swift-nio-ssl's
    /// `.optionalVerification` (2.37: `.none` with `validatePresentedCertificates`),
    /// which asks for a certificate and fails the handshake if a presented one
    /// does not verify. CA names are sent so that clients holding several
    /// keys (the Java client's key stores) pick one this listener trusts.
    var serverConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: certificateChain.map { .certificate($0) },
            privateKey: .privateKey(privateKey)
        )
        configuration.minimumTLSVersion = MozillaIntermediateTLS.minimumVersion
        configuration.maximumTLSVersion = MozillaIntermediateTLS.maximumVersion
        configuration.cipherSuiteValues = MozillaIntermediateTLS.tls12CipherSuites
        configuration.curves = MozillaIntermediateTLS.groups
        switch clientAuthentication {
        case .required:
            configuration.certificateVerification = .noHostnameVerification
        case .optional:
            configuration.certificateVerification = .optionalVerification
        case .none:
            configuration.certificateVerification = .none
        }
        if clientAuthentication != .none {
            configuration.trustRoots = .certificates(clientCAs)
            configuration.sendCANameList = true
        }
        return configuration
    }

    /// A context for server connections, choosing TLS 1.2 suites in the
    /// server's order and resuming sessions from tickets. Blocking work (BoringSSL parses every CA): never call
    /// this on an event loop.
    func makeContext() throws(ListenerTLSError) -> NIOSSLContext {
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: serverConfiguration)
        } catch {
            throw .contextRejected(reason: "\(error)")
        }
        try ServerCipherPreference.apply(to: context)
        try SessionResumption.apply(to: context)
        return context
    }
}
