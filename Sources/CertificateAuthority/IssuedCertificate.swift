import Crypto
import X509

/// A certificate the CA issued, with its private key and the CA certificate
/// that verifies it: what a client or server needs to use it.
public struct IssuedCertificate: Sendable {
    public let certificate: Certificate
    /// `certificate` as PEM (the leaf alone: the CA is the trust anchor).
    public let certificatePEM: String
    /// The issuing CA's certificate.
    public let certificateAuthority: Certificate
    public let certificateAuthorityPEM: String
    let key: P256.Signing.PrivateKey

    init(certificate: Certificate, privateKey: P256.Signing.PrivateKey, authority: CertificateAuthority) throws(CertificateAuthorityError) {
        self.certificate = certificate
        self.certificatePEM = try pemString(of: certificate)
        self.certificateAuthority = authority.certificate
        self.certificateAuthorityPEM = authority.certificatePEM
        self.key = privateKey
    }

    /// The certificate's private key, e.g. for
    /// `NIOSSLPrivateKey(bytes: try issued.privateKey.serializeAsPEM().derBytes, format: .der)`.
    public var privateKey: Certificate.PrivateKey {
        Certificate.PrivateKey(key)
    }
}
