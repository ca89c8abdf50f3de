import Crypto
import SecretHandling
import X509

extension CertificateAuthority {
    /// Creates a CA and stores it in `directory` (created with mode 0700 if
    /// missing): `ca.key` first, then `ca.pem`, each written atomically and
    /// fsynced. Refuses if either file exists, unless `overwrite`.
    public static func initialize(
        at directory: String,
        commonName: String = defaultCommonName,
        validity: CertificateValidity = .days(defaultValidityDays),
        overwrite: Bool = false
    ) throws(CertificateAuthorityError) -> CertificateAuthority {
        let paths = Paths(directory: directory)
        if !overwrite {
            for path in [paths.privateKey, paths.certificate] where SecureFile.exists(path) {
                throw .alreadyExists(path: path)
            }
        }
        let authority = try generate(commonName: commonName, validity: validity)
        try CertificateFiles.makeDirectories(directory)
        var keyPEM = PrivateKeyPEM.encode(authority.privateKey)
        defer { SecretBytes.zero(&keyPEM) }
        try CertificateFiles.store(keyPEM, at: paths.privateKey, mode: CertificateFiles.privateKeyMode, replace: overwrite)
        try CertificateFiles.store(Array(authority.certificatePEM.utf8), at: paths.certificate, mode: CertificateFiles.certificateMode, replace: overwrite)
        return authority
    }

    /// Reads the CA in `directory`. The key must be a regular file of this
    /// user's that nobody else may access (as OpenSSH demands of its keys),
    /// must match the certificate, and the certificate must be a CA's.
    public static func load(from directory: String) throws(CertificateAuthorityError) -> CertificateAuthority {
        let paths = Paths(directory: directory)
        let certificate = try readCertificate(at: paths.certificate)
        var keyPEM = try CertificateFiles.contents(of: paths.privateKey, isPrivate: true)
        defer { SecretBytes.zero(&keyPEM) }
        let key = try PrivateKeyPEM.decode(keyPEM, path: paths.privateKey)
        guard Certificate.PublicKey(key.publicKey) == certificate.publicKey else {
            throw .keyDoesNotMatchCertificate(path: paths.privateKey)
        }
        let constraints = try? certificate.extensions.basicConstraints
        let usage = try? certificate.extensions.keyUsage
        guard case .isCertificateAuthority = constraints, usage?.keyCertSign == true else {
            throw .notACertificateAuthority(path: paths.certificate)
        }
        return try CertificateAuthority(certificate: certificate, privateKey: key)
    }

    /// Loads the CA in `directory`, or creates it there when neither of its
    /// files exists yet (first start of `portcullis dev`). A directory with
    /// only one of the two is an error, never silently replaced.
    public static func loadOrInitialize(at directory: String) throws(CertificateAuthorityError) -> (authority: CertificateAuthority, created: Bool) {
        let paths = Paths(directory: directory)
        if !SecureFile.exists(paths.certificate) && !SecureFile.exists(paths.privateKey) {
            do {
                return (try initialize(at: directory), true)
            } catch .alreadyExists {
                // Another process created it meanwhile: use theirs.
            }
        }
        return (try load(from: directory), false)
    }

    static func readCertificate(at path: String) throws(CertificateAuthorityError) -> Certificate {
        let bytes = try CertificateFiles.contents(of: path, isPrivate: false)
        do {
            return try Certificate(pemEncoded: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw .malformedCertificate(path: path, reason: "\(error)")
        }
    }

    struct Paths {
        var certificate: String
        var privateKey: String

        init(directory: String) {
            let prefix = directory.hasSuffix("/") ? directory : directory + "/"
            certificate = prefix + CertificateAuthority.certificateFileName
            privateKey = prefix + CertificateAuthority.privateKeyFileName
        }
    }
}
