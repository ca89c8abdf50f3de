import Authentication
import SecretHandling

/// The gateway's own SCRAM identity at the upstream, with the password read
/// once from its file (first line), which must be readable by its owner only.
struct UpstreamSaslCredentials: Sendable {
    let mechanism: ScramMechanism
    let username: String
    let password: [UInt8]

    init(settings: UpstreamSecurity.SASL) throws {
        var contents = try SecureFile.read(settings.passwordFile, limit: 4096, ownerOnly: true)
        defer { SecretBytes.zero(&contents) }
        let firstLine = contents.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
        guard !firstLine.isEmpty else { throw UpstreamSecurityError.emptyPasswordFile(settings.passwordFile) }
        self.mechanism = settings.mechanism
        self.username = settings.username
        self.password = Array(firstLine)
    }
}

enum UpstreamSecurityError: Error, CustomStringConvertible {
    case emptyPasswordFile(String)
    case authenticationFailed(String)

    var description: String {
        switch self {
        case .emptyPasswordFile(let path): "the upstream password file \(path) is empty"
        case .authenticationFailed(let reason): "the upstream refused the gateway's SASL authentication: \(reason)"
        }
    }
}
