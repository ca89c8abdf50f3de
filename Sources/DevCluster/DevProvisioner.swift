import Authentication
import CertificateAuthority
import Foundation
import PolicyStore
import SecretHandling

/// Everything `portcullis dev` needs on first run, made once and kept: a CA,
/// the gateway's server certificate, an `admin` super user with a random
/// password and a client certificate, the client property files, and (once
/// the broker's KMS is up, `DevProvisioner+Iam`) admin's IAM access key.
/// A later run reuses what exists; deleting `client/admin-scram.properties`
/// gives admin a new password.
public struct DevProvisioner: Sendable {
    public let settings: DevClusterSettings
    public let layout: DevClusterLayout
    static let admin = "admin"
    static let actor = "portcullis-dev"

    public init(settings: DevClusterSettings) {
        self.settings = settings
        self.layout = DevClusterLayout(root: settings.dataDirectory)
    }

    /// What provisioning did, for the start-up message.
    public struct Outcome: Sendable {
        public var createdAuthority = false
        public var createdAdmin = false
        public var newAdminPassword = false
        public var newIamKey = false
    }

    public func provision(store: PolicyStore) throws -> Outcome {
        var outcome = Outcome()
        for directory in [layout.root, layout.serverCertificates, layout.client] {
            try SecureFile.makeDirectories(directory)
        }
        let (authority, created) = try CertificateAuthority.loadOrInitialize(at: CertificateAuthority.directory(dataDirectory: layout.root))
        outcome.createdAuthority = created

        if !FileManager.default.fileExists(atPath: serverFiles.certificate) || created {
            try authority.issueServerCertificate(hosts: serverHosts).write(to: layout.serverCertificates, name: "server", overwrite: true)
        }
        if !FileManager.default.fileExists(atPath: layout.client + "/admin.pem") || created {
            try authority.issueClientCertificate(principal: Self.admin).write(to: layout.client, name: Self.admin, overwrite: true)
        }

        if try store.principal(named: Self.admin) == nil {
            _ = try store.addPrincipal(Self.admin, superUser: true, actor: Self.actor)
            outcome.createdAdmin = true
        }
        if !FileManager.default.fileExists(atPath: layout.scramProperties) {
            // The password's only copy at rest is the owner-only property file it is written to.
            let password = Self.randomPassword()
            for mechanism in ScramMechanism.allCases {
                try store.setScramCredential(
                    ScramCredential.generate(mechanism: mechanism, password: Array(password.utf8)),
                    for: Self.admin, actor: Self.actor
                )
            }
            try scramProperties(password: password).write(to: layout.scramProperties)
            outcome.newAdminPassword = true
        }
        try mutualTLSProperties.write(to: layout.mutualTLSProperties)
        return outcome
    }

    /// The gateway's certificate and key.
    public var serverFiles: (certificate: String, privateKey: String, authority: String) {
        (layout.serverCertificates + "/server.pem", layout.serverCertificates + "/server.key", layout.serverCertificates + "/ca.pem")
    }

    private var serverHosts: [String] {
        var hosts = [settings.advertisedHost, "localhost", "127.0.0.1", "::1"]
        if settings.listenHost != "0.0.0.0", settings.listenHost != "::" { hosts.append(settings.listenHost) }
        return hosts.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    private func scramProperties(password: String) -> ClientPropertiesFile {
        ClientPropertiesFile(entries: [
            ("bootstrap.servers", "\(settings.advertisedHost):\(settings.scramPort)"),
            ("security.protocol", "SASL_SSL"),
            ("sasl.mechanism", ScramMechanism.sha512.rawValue),
            ("sasl.username", Self.admin),
            ("sasl.password", password),
            ("ssl.ca.location", layout.client + "/ca.pem"),
        ])
    }

    private var mutualTLSProperties: ClientPropertiesFile {
        ClientPropertiesFile(entries: [
            ("bootstrap.servers", "\(settings.advertisedHost):\(settings.mutualTLSPort)"),
            ("security.protocol", "SSL"),
            ("ssl.certificate.location", layout.client + "/admin.pem"),
            ("ssl.key.location", layout.client + "/admin.key"),
            ("ssl.ca.location", layout.client + "/ca.pem"),
        ])
    }

    /// 32 characters from 24 random bytes (base64url): 192 bits.
    static func randomPassword() -> String {
        let bytes = SecretBytes.random(count: 24)
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
    }
}
