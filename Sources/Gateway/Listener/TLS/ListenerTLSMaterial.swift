import NIOSSL
import SecretHandling
import X509

/// A listener's certificate chain, private key and client CAs, read from
/// disk once and checked together: every certificate parses, and the key
/// belongs to the first certificate of the chain.
struct ListenerTLSMaterial {
    let certificateChain: [NIOSSLCertificate]
    let privateKey: NIOSSLPrivateKey
    /// The server certificate, for logs.
    let leaf: Certificate
    /// Empty when client certificates are not asked for.
    let clientCAs: [NIOSSLCertificate]
    let clientAuthentication: ListenerTLSSettings.ClientAuthentication

    static func load(_ settings: ListenerTLSSettings) throws(ListenerTLSError) -> ListenerTLSMaterial {
        let chainPath = settings.certificateChainPath
        let chain = try certificates(in: chainPath)
        let leaf: Certificate
        do {
            leaf = try Certificate(derEncoded: chain[0].toDERBytes())
        } catch {
            throw .malformedCertificate(path: chainPath)
        }

        var keyBytes = try TLSFileReader.contents(of: settings.privateKeyPath)
        defer { SecretBytes.zero(&keyBytes) }
        let privateKey = try nioPrivateKey(keyBytes, path: settings.privateKeyPath)
        let keyPublicKey = try publicKey(ofPEM: keyBytes, path: settings.privateKeyPath)
        guard keyPublicKey == leaf.publicKey else {
            throw .privateKeyDoesNotMatchCertificate(privateKeyPath: settings.privateKeyPath, certificatePath: chainPath)
        }

        var clientCAs: [NIOSSLCertificate] = []
        if settings.clientAuthentication != .none {
            guard let caPath = settings.clientCAPath else { throw .clientCAMissing(settings.clientAuthentication) }
            clientCAs = try certificates(in: caPath)
        }
        return ListenerTLSMaterial(
            certificateChain: chain,
            privateKey: privateKey,
            leaf: leaf,
            clientCAs: clientCAs,
            clientAuthentication: settings.clientAuthentication
        )
    }

    /// Every certificate in a PEM file; at least one.
    private static func certificates(in path: String) throws(ListenerTLSError) -> [NIOSSLCertificate] {
        let bytes = try TLSFileReader.contents(of: path)
        guard PEMBlocks.containsCertificate(bytes) else { throw .noCertificate(path: path) }
        do {
            return try NIOSSLCertificate.fromPEMBytes(bytes)
        } catch {
            throw .malformedCertificate(path: path)
        }
    }

    private static func nioPrivateKey(_ bytes: [UInt8], path: String) throws(ListenerTLSError) -> NIOSSLPrivateKey {
        // NIOSSL force-unwraps the buffer's base address: never hand it an empty one.
        guard !bytes.isEmpty else { throw .malformedPrivateKey(path: path) }
        do {
            return try NIOSSLPrivateKey(bytes: bytes, format: .pem)
        } catch {
            throw .malformedPrivateKey(path: path)
        }
    }

    /// The key parsed a second time, by swift-certificates, whose public key
    /// can be compared with the certificate's.
    private static func publicKey(ofPEM bytes: [UInt8], path: String) throws(ListenerTLSError) -> Certificate.PublicKey {
        guard let block = PEMBlocks.privateKey(in: bytes) else { throw .malformedPrivateKey(path: path) }
        do {
            return try Certificate.PrivateKey(pemEncoded: String(decoding: block, as: UTF8.self)).publicKey
        } catch {
            throw .malformedPrivateKey(path: path)
        }
    }
}
