import Foundation

/// A service endpoint: HTTPS, or plain HTTP to a loopback host only, since
/// requests carry signed credentials and responses carry plaintext data keys.
public struct AWSEndpoint: Hashable, Sendable, CustomStringConvertible {
    /// `scheme://authority/`, what requests are sent to.
    public let url: String
    /// The `Host` header, signed with each request.
    public let host: String

    public init(_ text: String) throws(AWSConfigurationError) {
        guard let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let hostname = components.host, !hostname.isEmpty,
              components.path.isEmpty || components.path == "/",
              components.query == nil, components.fragment == nil,
              components.user == nil, components.password == nil
        else { throw .invalidEndpoint(text) }
        let bareHost = hostname.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if scheme == "http", !Self.isLoopback(bareHost) { throw .insecureEndpoint(text) }

        var authority = bareHost.contains(":") ? "[\(bareHost)]" : bareHost
        if let port = components.port, port != (scheme == "https" ? 443 : 80) {
            authority += ":\(port)"
        }
        self.url = "\(scheme)://\(authority)/"
        self.host = authority
    }

    public var description: String { url }

    private static func isLoopback(_ host: String) -> Bool {
        if host.lowercased() == "localhost" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
