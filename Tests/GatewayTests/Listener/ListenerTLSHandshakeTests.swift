import Gateway
import NIOSSL
import XCTest

/// Versions and cipher suites a listener accepts, over real loopback sockets.
final class ListenerTLSHandshakeTests: XCTestCase {
    private let intermediateTLS12Suites: Set<UInt16> = [0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8]

    func testContextOffersExactlyTLS12And13WithMozillaIntermediateSuites() throws {
        let fixture = try TLSFixture()
        let configuration = try fixture.settings(.none).makeServerContext().configuration
        XCTAssertEqual(configuration.minimumTLSVersion, .tlsv12)
        XCTAssertEqual(configuration.maximumTLSVersion, .tlsv13)
        let tls12Suites = configuration.cipherSuiteValues.map(\.rawValue).filter { $0 >> 8 != 0x13 }
        XCTAssertEqual(Set(tls12Suites), intermediateTLS12Suites)
        XCTAssertEqual(tls12Suites.count, intermediateTLS12Suites.count)
    }

    func testTLS12HandshakeSucceeds() async throws {
        try await withTLSListener(.none) { fixture, port, _ in
            let client = try TLSConfiguration.testClient(trusting: fixture.ca.certificatePath, maximumVersion: .tlsv12)
            let session = try await TestClient.exchange(port: port, tls: client)
            XCTAssertEqual(session.tlsVersion, .tlsv12)
        }
    }

    func testTLS13HandshakeSucceeds() async throws {
        try await withTLSListener(.none) { fixture, port, _ in
            let client = try TLSConfiguration.testClient(trusting: fixture.ca.certificatePath, minimumVersion: .tlsv13)
            let session = try await TestClient.exchange(port: port, tls: client)
            XCTAssertEqual(session.tlsVersion, .tlsv13)
        }
    }

    func testTLS11AndTLS10AreRefused() async throws {
        try await withTLSListener(.none) { fixture, port, server in
            for version in [TLSVersion.tlsv11, .tlsv1] {
                let client = try TLSConfiguration.testClient(
                    trusting: fixture.ca.certificatePath,
                    minimumVersion: .tlsv1,
                    maximumVersion: version
                )
                await assertRefused(port: port, tls: client, "TLS \(version)")
            }
            XCTAssertEqual(server.events.identifiedClients.count, 0)
        }
    }

    func testEveryIntermediateSuiteNegotiatesOverTLS12() async throws {
        let ecdsaSuites: [NIOTLSCipher] = [
            .TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, .TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            .TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        ]
        let rsaSuites: [NIOTLSCipher] = [
            .TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, .TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            .TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        ]
        for (keyType, suites) in [(TestPKI.KeyType.ecdsaP256, ecdsaSuites), (.rsa2048, rsaSuites)] {
            try await withTLSListener(.none, serverKeyType: keyType) { fixture, port, _ in
                for suite in suites {
                    let client = try TLSConfiguration.testClient(
                        trusting: fixture.ca.certificatePath,
                        maximumVersion: .tlsv12,
                        cipherSuites: [suite]
                    )
                    let session = try await TestClient.exchange(port: port, tls: client)
                    XCTAssertEqual(session.tlsVersion, .tlsv12, "suite \(suite)")
                }
            }
        }
    }

    func testSuitesOutsideIntermediateAreRefused() async throws {
        // CBC with SHA-1 MACs, and RSA key exchange without forward secrecy.
        let ecdsaOutside: [NIOTLSCipher] = [.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, .TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA]
        let rsaOutside: [NIOTLSCipher] = [
            .TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, .TLS_RSA_WITH_AES_128_GCM_SHA256, .TLS_RSA_WITH_AES_256_CBC_SHA,
        ]
        for (keyType, suites) in [(TestPKI.KeyType.ecdsaP256, ecdsaOutside), (.rsa2048, rsaOutside)] {
            try await withTLSListener(.none, serverKeyType: keyType) { fixture, port, server in
                for suite in suites {
                    let client = try TLSConfiguration.testClient(
                        trusting: fixture.ca.certificatePath,
                        maximumVersion: .tlsv12,
                        cipherSuites: [suite]
                    )
                    await assertRefused(port: port, tls: client, "suite \(suite)")
                }
                XCTAssertEqual(server.events.identifiedClients.count, 0)
            }
        }
    }

    func testPlaintextClientOnTLSPortIsClosedAtOnce() async throws {
        try await withTLSListener(.none) { _, port, server in
            let clock = ContinuousClock()
            let start = clock.now
            do {
                // Longer than a TLS record header, as any Kafka request is.
                _ = try await TestClient.exchange(port: port, tls: nil, message: "an ApiVersions request in plaintext")
                XCTFail("a plaintext client was served")
            } catch {
                XCTAssertLessThan(clock.now - start, .seconds(2), "closed at once, not at a timeout: \(error)")
            }
            XCTAssertEqual(server.events.identifiedClients.count, 0)
        }
    }
}
