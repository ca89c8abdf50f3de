import Authorization
import NIOCore

/// A broker address on the upstream side. These never reach a client.
struct UpstreamEndpoint: Sendable, Hashable, CustomStringConvertible {
    let host: String
    let port: Int

    var description: String { "\(host):\(port)" }

    /// Whether the host is a literal IPv4 or IPv6 address rather than a name.
    var isIPAddress: Bool { IPAddress(host) != nil }

    /// The address to connect to without resolving, when the host is a literal one.
    var socketAddress: SocketAddress? { try? SocketAddress(ipAddress: host, port: port) }

    /// Parses `host:port` or `[v6-address]:port`.
    init?(parsing text: String) {
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            portPart = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        }
        guard !hostPart.isEmpty, let port = Int(portPart), (1...65535).contains(port) else { return nil }
        self.host = String(hostPart)
        self.port = port
    }

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }
}
