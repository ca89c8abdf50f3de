import Crypto
import Foundation
import SecretHandling
import SwiftASN1
import X509

/// A small built-in certificate authority: a self-signed ECDSA P-256 CA that
/// signs client certificates (their subject maps to a principal) and server
/// certificates for the gateway's listeners, with SHA-256 signatures.
///
/// On disk (see `initialize(at:)`) a CA is a directory, `DATA_DIR/ca` by
/// default, holding `ca.pem` (the certificate, mode 0644) and `ca.key` (its
/// PKCS#8 private key, mode 0600).
public struct CertificateAuthority: Sendable {
    /// The CA's self-signed certificate: what clients and servers trust.
    public let certificate: Certificate
    /// `certificate` as PEM, as written to `ca.pem`.
    public let certificatePEM: String
    let privateKey: P256.Signing.PrivateKey
    let keyIdentifier: ArraySlice<UInt8>

    public static let certificateFileName = "ca.pem"
    public static let privateKeyFileName = "ca.key"
    public static let defaultCommonName = "Portcullis CA"
    public static let defaultValidityDays = 3650

    /// Where a data directory keeps its CA: `DATA_DIR/ca`.
    public static func directory(dataDirectory: String) -> String {
        dataDirectory.hasSuffix("/") ? dataDirectory + "ca" : dataDirectory + "/ca"
    }

    /// The validity window of the CA's certificate.
    public var validity: CertificateValidity {
        CertificateValidity(notBefore: certificate.notValidBefore, notAfter: certificate.notValidAfter)
    }

    /// Makes a new CA in memory with a fresh key; `initialize(at:)` also stores it.
    public static func generate(
        commonName: String = defaultCommonName,
        validity: CertificateValidity = .days(defaultValidityDays)
    ) throws(CertificateAuthorityError) -> CertificateAuthority {
        try validity.validate()
        guard !commonName.isEmpty, commonName.count <= ClientSubject.maximumPrincipalLength,
              !commonName.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw .invalidSubject(commonName, reason: "a CA name has 1 to \(ClientSubject.maximumPrincipalLength) printable characters")
        }
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(key.publicKey)
        let keyIdentifier = SubjectKeyIdentifier(hash: publicKey)
        let name = DistinguishedName([RelativeDistinguishedName(.init(type: .RDNAttributeType.commonName, utf8String: commonName))])
        let certificate = try sign {
            try Certificate(
                version: .v3,
                serialNumber: randomSerialNumber(),
                publicKey: publicKey,
                notValidBefore: validity.notBefore,
                notValidAfter: validity.notAfter,
                issuer: name,
                subject: name,
                extensions: Certificate.Extensions {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                    Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                    keyIdentifier
                },
                issuerPrivateKey: Certificate.PrivateKey(key)
            )
        }
        return try CertificateAuthority(certificate: certificate, privateKey: key)
    }

    init(certificate: Certificate, privateKey: P256.Signing.PrivateKey) throws(CertificateAuthorityError) {
        self.certificate = certificate
        self.privateKey = privateKey
        self.certificatePEM = try pemString(of: certificate)
        let identifier = try? certificate.extensions.subjectKeyIdentifier
        self.keyIdentifier = identifier?.keyIdentifier ?? SubjectKeyIdentifier(hash: certificate.publicKey).keyIdentifier
    }

    /// 16 random bytes, high bit clear so the INTEGER is positive and second
    /// bit set so it keeps all 16 bytes: 126 bits of randomness.
    static func randomSerialNumber() -> Certificate.SerialNumber {
        var bytes = SecretBytes.random(count: 16)
        bytes[0] = bytes[0] & 0x7F | 0x40
        return Certificate.SerialNumber(bytes: bytes)
    }

    /// Runs one of swift-certificates' signing calls, whose errors are untyped.
    static func sign(_ body: () throws -> Certificate) throws(CertificateAuthorityError) -> Certificate {
        do {
            return try body()
        } catch {
            throw .signingFailed(reason: "\(error)")
        }
    }
}

func pemString(of certificate: Certificate) throws(CertificateAuthorityError) -> String {
    do {
        return try certificate.serializeAsPEM().pemString + "\n"
    } catch {
        throw .signingFailed(reason: "cannot encode the certificate: \(error)")
    }
}
