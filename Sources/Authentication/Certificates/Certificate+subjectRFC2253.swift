import X509

extension Certificate {
    /// The subject as Java's `X500Principal.getName()` writes it: the input of principal mapping rules.
    public var subjectRFC2253: String {
        DistinguishedNameFormatter.rfc2253(subject)
    }
}
