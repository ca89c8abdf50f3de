import Crypto
import X509

extension CertificateAuthority {
    public static let defaultLeafValidityDays = 365

    /// A client certificate for `principal`: subject `CN=<principal>` then
    /// `subjectExtra` (RFC 4514 text such as `OU=payments,O=Example`), EKU
    /// clientAuth, keyUsage digitalSignature, with a fresh P-256 key.
    public func issueClientCertificate(
        principal: String,
        subjectExtra: String? = nil,
        validity: CertificateValidity = .days(defaultLeafValidityDays)
    ) throws(CertificateAuthorityError) -> IssuedCertificate {
        let subject = try ClientSubject.distinguishedName(principal: principal, extra: subjectExtra)
        return try issue(subject: subject, validity: validity, usage: .clientAuth, alternativeNames: [])
    }

    /// A server certificate valid for each of `hosts` (DNS names and IP
    /// addresses, e.g. `localhost`, `127.0.0.1`, `::1`, all as SANs; the
    /// first is also the CN), EKU serverAuth, with a fresh P-256 key.
    public func issueServerCertificate(
        hosts: [String],
        validity: CertificateValidity = .days(defaultLeafValidityDays)
    ) throws(CertificateAuthorityError) -> IssuedCertificate {
        guard let first = hosts.first else { throw .invalidHost("", reason: "a server certificate needs at least one host") }
        var names: [GeneralName] = []
        for host in hosts {
            let name = try ServerHost.subjectAlternativeName(host)
            if !names.contains(name) { names.append(name) }
        }
        let subject = DistinguishedName([RelativeDistinguishedName(.init(type: .RDNAttributeType.commonName, utf8String: first))])
        return try issue(subject: subject, validity: validity, usage: .serverAuth, alternativeNames: names)
    }

    private func issue(
        subject: DistinguishedName,
        validity: CertificateValidity,
        usage: ExtendedKeyUsage.Usage,
        alternativeNames: [GeneralName]
    ) throws(CertificateAuthorityError) -> IssuedCertificate {
        try validity.validate(within: self.validity)
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(key.publicKey)
        let authorityKeyIdentifier = AuthorityKeyIdentifier(keyIdentifier: keyIdentifier)
        let certificate = try Self.sign {
            try Certificate(
                version: .v3,
                serialNumber: Self.randomSerialNumber(),
                publicKey: publicKey,
                notValidBefore: validity.notBefore,
                notValidAfter: validity.notAfter,
                issuer: self.certificate.subject,
                subject: subject,
                extensions: Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true))
                    try ExtendedKeyUsage([usage])
                    SubjectKeyIdentifier(hash: publicKey)
                    authorityKeyIdentifier
                    if !alternativeNames.isEmpty {
                        SubjectAlternativeNames(alternativeNames)
                    }
                },
                issuerPrivateKey: Certificate.PrivateKey(privateKey)
            )
        }
        return try IssuedCertificate(certificate: certificate, privateKey: key, authority: self)
    }
}
