import NIOSSL

extension TLSConfiguration {
    /// A client that verifies the test server against `caPath` (as
    /// `localhost`) and presents `identity` when given.
    static func testClient(
        trusting caPath: String,
        identity: TestPKI.Identity? = nil,
        minimumVersion: TLSVersion = .tlsv12,
        maximumVersion: TLSVersion? = nil,
        cipherSuites: [NIOTLSCipher]? = nil
    ) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .file(caPath)
        configuration.certificateVerification = .fullVerification
        configuration.minimumTLSVersion = minimumVersion
        configuration.maximumTLSVersion = maximumVersion
        if let cipherSuites { configuration.cipherSuiteValues = cipherSuites }
        if let identity {
            configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(identity.certificatePath).map { .certificate($0) }
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: identity.keyPath, format: .pem))
        }
        return configuration
    }
}
