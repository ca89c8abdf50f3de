import Foundation

/// Certificates made at run time with openssl in a temporary directory
/// (committed test certificates expire and break builds).
final class TestPKI {
    struct Identity {
        let certificatePath: String
        let keyPath: String
    }

    enum Usage {
        case server
        case client
    }

    enum KeyType {
        case ecdsaP256
        case rsa2048
    }

    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("portcullis-pki-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func path(_ name: String) -> String { directory + "/" + name }

    func makeKey(_ name: String, type: KeyType = .ecdsaP256) throws -> String {
        let keyPath = path("\(name).key")
        switch type {
        case .ecdsaP256:
            try OpenSSLCommand.run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", keyPath])
        case .rsa2048:
            try OpenSSLCommand.run(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", keyPath])
        }
        return keyPath
    }

    /// A self-signed CA.
    func makeCA(_ name: String) throws -> Identity {
        let keyPath = try makeKey(name)
        let certificatePath = path("\(name).pem")
        try OpenSSLCommand.run([
            "req", "-x509", "-new", "-key", keyPath, "-out", certificatePath, "-days", "2", "-subj", "/O=Portcullis Test/CN=\(name)",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        return Identity(certificatePath: certificatePath, keyPath: keyPath)
    }

    /// A leaf issued by `ca`. An expired one was valid for a month in 2020.
    func issue(
        _ name: String,
        commonName: String,
        usage: Usage,
        by ca: Identity,
        keyType: KeyType = .ecdsaP256,
        expired: Bool = false
    ) throws -> Identity {
        let keyPath = try makeKey(name, type: keyType)
        let requestPath = path("\(name).csr")
        let certificatePath = path("\(name).pem")
        let extensionsPath = path("\(name).ext")
        let extensions =
            switch usage {
            case .server: "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
            case .client: "extendedKeyUsage=clientAuth\n"
            }
        try (extensions + "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n")
            .write(toFile: extensionsPath, atomically: true, encoding: .utf8)
        try OpenSSLCommand.run(["req", "-new", "-key", keyPath, "-out", requestPath, "-subj", "/O=Portcullis Test/CN=\(commonName)"])
        if expired {
            try signExpired(request: requestPath, extensions: extensionsPath, by: ca, out: certificatePath)
        } else {
            try OpenSSLCommand.run([
                "x509", "-req", "-in", requestPath, "-CA", ca.certificatePath, "-CAkey", ca.keyPath, "-CAcreateserial",
                "-days", "2", "-extfile", extensionsPath, "-out", certificatePath,
            ])
        }
        return Identity(certificatePath: certificatePath, keyPath: keyPath)
    }

    /// `openssl x509` cannot back-date in OpenSSL 3.0; `openssl ca` can.
    private func signExpired(request: String, extensions: String, by ca: Identity, out: String) throws {
        let caDirectory = path("ca-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: caDirectory, withIntermediateDirectories: true)
        try "".write(toFile: caDirectory + "/index.txt", atomically: true, encoding: .utf8)
        try "1000\n".write(toFile: caDirectory + "/serial", atomically: true, encoding: .utf8)
        let configuration = """
            [ca]
            default_ca = test
            [test]
            database = \(caDirectory)/index.txt
            new_certs_dir = \(caDirectory)
            serial = \(caDirectory)/serial
            default_md = sha256
            policy = anything
            unique_subject = no
            [anything]
            commonName = supplied
            organizationName = optional
            """
        try configuration.write(toFile: caDirectory + "/ca.cnf", atomically: true, encoding: .utf8)
        try OpenSSLCommand.run([
            "ca", "-batch", "-config", caDirectory + "/ca.cnf", "-cert", ca.certificatePath, "-keyfile", ca.keyPath,
            "-in", request, "-out", out, "-notext", "-extfile", extensions,
            "-startdate", "20200101000000Z", "-enddate", "20200201000000Z",
        ])
    }
}
