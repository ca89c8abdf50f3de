import SecretHandling

/// Where `IssuedCertificate.write(to:name:)` put the three files; the names
/// librdkafka takes as `ssl.certificate.location`, `ssl.key.location` and
/// `ssl.ca.location`.
public struct IssuedCertificateFiles: Sendable, Equatable {
    /// `DIR/NAME.pem`: the certificate alone (no chain; the CA is the trust anchor).
    public var certificate: String
    /// `DIR/NAME.key`: its PKCS#8 private key, mode 0600.
    public var privateKey: String
    /// `DIR/ca.pem`: the issuing CA's certificate.
    public var certificateAuthority: String
}

extension IssuedCertificate {
    /// Writes `DIR/NAME.pem`, `DIR/NAME.key` (0600) and `DIR/ca.pem` (0644),
    /// each atomically and fsynced, creating `directory` (0700) if missing.
    /// Refuses to replace an existing `NAME.pem` or `NAME.key` unless
    /// `overwrite`; `ca.pem` is always brought up to date, since the new
    /// certificate needs it. `name` is a plain file name: letters, digits,
    /// `.`, `_`, `-`, not starting with `.`, and not `ca`.
    @discardableResult
    public func write(to directory: String, name: String, overwrite: Bool = false) throws(CertificateAuthorityError) -> IssuedCertificateFiles {
        try Self.validate(fileName: name)
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        let files = IssuedCertificateFiles(
            certificate: prefix + name + ".pem",
            privateKey: prefix + name + ".key",
            certificateAuthority: prefix + CertificateAuthority.certificateFileName
        )
        if !overwrite {
            for path in [files.privateKey, files.certificate] where SecureFile.exists(path) {
                throw .alreadyExists(path: path)
            }
        }
        try CertificateFiles.makeDirectories(directory)
        var keyPEM = PrivateKeyPEM.encode(key)
        defer { SecretBytes.zero(&keyPEM) }
        try CertificateFiles.store(keyPEM, at: files.privateKey, mode: CertificateFiles.privateKeyMode, replace: overwrite)
        try CertificateFiles.store(Array(certificatePEM.utf8), at: files.certificate, mode: CertificateFiles.certificateMode, replace: overwrite)
        try CertificateFiles.store(Array(certificateAuthorityPEM.utf8), at: files.certificateAuthority, mode: CertificateFiles.certificateMode, replace: true)
        return files
    }

    static func validate(fileName name: String) throws(CertificateAuthorityError) {
        guard !name.isEmpty, name.utf8.count <= 200 else { throw .invalidFileName(name, reason: "it must have 1 to 200 characters") }
        guard name.utf8.allSatisfy({ byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || Array("._-".utf8).contains(byte)
        }), !name.hasPrefix(".") else {
            throw .invalidFileName(name, reason: "use letters, digits, '.', '_' and '-', not starting with '.'")
        }
        guard name != "ca" else { throw .invalidFileName(name, reason: "ca.pem is the CA certificate's file") }
    }
}
