import Gateway

/// A CA with a server certificate for localhost, made fresh for one test.
struct TLSFixture {
    let pki: TestPKI
    let ca: TestPKI.Identity
    let server: TestPKI.Identity

    init(serverKeyType: TestPKI.KeyType = .ecdsaP256) throws {
        pki = try TestPKI()
        ca = try pki.makeCA("ca")
        server = try pki.issue("server", commonName: "localhost", usage: .server, by: ca, keyType: serverKeyType)
    }

    func settings(_ clientAuthentication: ListenerTLSSettings.ClientAuthentication) -> ListenerTLSSettings {
        ListenerTLSSettings(
            certificateChainPath: server.certificatePath,
            privateKeyPath: server.keyPath,
            clientCAPath: clientAuthentication == .none ? nil : ca.certificatePath,
            clientAuthentication: clientAuthentication
        )
    }

    /// A client certificate the fixture's CA issued.
    func client(_ commonName: String, expired: Bool = false) throws -> TestPKI.Identity {
        try pki.issue("client-\(commonName)", commonName: commonName, usage: .client, by: ca, expired: expired)
    }
}
