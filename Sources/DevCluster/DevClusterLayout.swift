/// Where `portcullis dev` keeps everything under its data directory.
public struct DevClusterLayout: Sendable {
    public let root: String

    public init(root: String) {
        self.root = root.hasSuffix("/") ? String(root.dropLast()) : root
    }

    /// The embedded broker's topics, segments, groups and keyring.
    public var brokerData: String { root + "/broker" }
    /// The gateway's server certificate and key.
    public var serverCertificates: String { root + "/certs" }
    /// What a client needs: the admin's certificate and key, the CA, and property files.
    public var client: String { root + "/client" }
    public var scramProperties: String { client + "/admin-scram.properties" }
    public var mutualTLSProperties: String { client + "/admin-mtls.properties" }
    public var iamProperties: String { client + "/admin-iam.properties" }
    /// An AWS shared credentials file holding admin's IAM access key (profile `portcullis`).
    public var iamCredentials: String { client + "/admin-iam.credentials" }
}
