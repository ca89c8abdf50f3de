import Authentication
import Foundation

/// The gateway's own SCRAM identity at the upstream, with the password read
/// once from its file (first line), which must be readable by its owner only.
struct UpstreamSaslCredentials: Sendable {
    let mechanism: ScramMechanism
    let username: String
    let password: [UInt8]

    init(settings: UpstreamSecurity.SASL) throws {
        var status = stat()
        guard stat(settings.passwordFile, &status) == 0 else {
            throw UpstreamSecurityError.unreadablePasswordFile(settings.passwordFile)
        }
        guard status.st_mode & 0o077 == 0 else {
            throw UpstreamSecurityError.passwordFileTooOpen(settings.passwordFile)
        }
        guard let contents = FileManager.default.contents(atPath: settings.passwordFile) else {
            throw UpstreamSecurityError.unreadablePasswordFile(settings.passwordFile)
        }
        let firstLine = contents.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
        guard !firstLine.isEmpty else { throw UpstreamSecurityError.emptyPasswordFile(settings.passwordFile) }
        self.mechanism = settings.mechanism
        self.username = settings.username
        self.password = Array(firstLine)
    }
}

enum UpstreamSecurityError: Error, CustomStringConvertible {
    case unreadablePasswordFile(String)
    case passwordFileTooOpen(String)
    case emptyPasswordFile(String)
    case authenticationFailed(String)

    var description: String {
        switch self {
        case .unreadablePasswordFile(let path): "cannot read the upstream password file \(path)"
        case .passwordFileTooOpen(let path): "the upstream password file \(path) is readable by others: chmod 600 it"
        case .emptyPasswordFile(let path): "the upstream password file \(path) is empty"
        case .authenticationFailed(let reason): "the upstream refused the gateway's SASL authentication: \(reason)"
        }
    }
}
