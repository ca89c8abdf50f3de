import Authentication

/// How the gateway itself connects to the upstream cluster, which may have
/// its own security: TLS (verifying the brokers, optionally with a client
/// certificate) and SASL/SCRAM as a service principal.
public struct UpstreamSecurity: Sendable, Equatable {
    public struct TLS: Sendable, Equatable {
        /// PEM CAs that issue the brokers' certificates.
        public var caPath: String
        /// A client certificate and key for upstreams that require mutual TLS.
        public var certificatePath: String?
        public var privateKeyPath: String?
        /// Check that each broker's certificate names the host connected to (Kafka's
        /// `ssl.endpoint.identification.algorithm=https`, its default).
        public var verifyHostname: Bool

        public init(caPath: String, certificatePath: String? = nil, privateKeyPath: String? = nil, verifyHostname: Bool = true) {
            self.caPath = caPath
            self.certificatePath = certificatePath
            self.privateKeyPath = privateKeyPath
            self.verifyHostname = verifyHostname
        }
    }

    public struct SASL: Sendable, Equatable {
        public var mechanism: ScramMechanism
        public var username: String
        /// A file holding the password (its first line), readable by the gateway only.
        public var passwordFile: String

        public init(mechanism: ScramMechanism, username: String, passwordFile: String) {
            self.mechanism = mechanism
            self.username = username
            self.passwordFile = passwordFile
        }
    }

    public var tls: TLS?
    public var sasl: SASL?

    public init(tls: TLS? = nil, sasl: SASL? = nil) {
        self.tls = tls
        self.sasl = sasl
    }

    public static let plaintext = UpstreamSecurity()
}
