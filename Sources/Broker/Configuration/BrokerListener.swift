import Properties

/// One listener of the broker, in Kafka's terms: a name, the address it binds
/// and the address clients who arrive on it are told to connect to.
///
/// Every listener speaks plaintext, whatever its name (there is no
/// `listener.security.protocol.map`): TLS in front of the broker is the
/// gateway's job, or a terminator's such as stunnel.
public struct BrokerListener: Sendable, Equatable {
    /// Upper-cased, as Kafka normalises listener names.
    public var name: String
    /// Port 0 binds an ephemeral port.
    public var bind: SocketAddressSpec
    /// From `advertised.listeners`; nil advertises the bound address (with its real port).
    public var advertised: SocketAddressSpec?

    public init(name: String, bind: SocketAddressSpec, advertised: SocketAddressSpec? = nil) {
        self.name = name.uppercased()
        self.bind = bind
        self.advertised = advertised
    }

    /// The listener `--listen HOST:PORT` means.
    public static func plaintext(_ address: SocketAddressSpec) -> BrokerListener {
        BrokerListener(name: "PLAINTEXT", bind: address)
    }
}

extension [BrokerListener] {
    /// Kafka's `listeners`: `NAME://HOST:PORT[,NAME://HOST:PORT...]`, names and
    /// (non-zero) ports distinct.
    static func parse(listeners property: Property) throws(ConfigurationError) -> [BrokerListener] {
        let entries = try ListenerEntry.parseList(property, allowPortZero: true)
        var ports = Set<Int>()
        for entry in entries where entry.address.port != 0 {
            guard ports.insert(entry.address.port).inserted else {
                throw property.error("\(property.name): port \(entry.address.port) is used by two listeners")
            }
        }
        return entries.map { BrokerListener(name: $0.name, bind: $0.address) }
    }

    /// Applies Kafka's `advertised.listeners` to these listeners: each name must
    /// be a listener's; a listener left out advertises its own bound address.
    mutating func advertise(_ property: Property) throws(ConfigurationError) {
        for entry in try ListenerEntry.parseList(property, allowPortZero: false) {
            guard ["0.0.0.0", "::"].contains(entry.address.host) == false else {
                throw property.error("\(property.name): \(entry.name) advertises \(entry.address.host), which no client can connect to")
            }
            guard let index = firstIndex(where: { $0.name == entry.name }) else {
                let names = map(\.name).joined(separator: ", ")
                throw property.error("\(property.name): \(entry.name) is not a listener (listeners: \(names))")
            }
            self[index].advertised = entry.address
        }
    }
}

/// One `NAME://HOST:PORT` item of `listeners` or `advertised.listeners`.
private struct ListenerEntry {
    let name: String
    let address: SocketAddressSpec

    static func parseList(_ property: Property, allowPortZero: Bool) throws(ConfigurationError) -> [ListenerEntry] {
        let items = property.list
        guard !items.isEmpty else { throw property.error("\(property.name) must name at least one NAME://HOST:PORT") }
        var entries: [ListenerEntry] = []
        for item in items {
            guard let entry = ListenerEntry(item, allowPortZero: allowPortZero) else {
                let ports = allowPortZero ? "0-65535" : "1-65535"
                throw property.error("\(property.name): '\(item)' is not NAME://HOST:PORT (name of letters, digits and _; port \(ports))")
            }
            guard !entries.contains(where: { $0.name == entry.name }) else {
                throw property.error("\(property.name): the name \(entry.name) appears twice")
            }
            entries.append(entry)
        }
        return entries
    }

    private init?(_ text: String, allowPortZero: Bool) {
        guard let separator = text.range(of: "://") else { return nil }
        let name = text[..<separator.lowerBound]
        guard !name.isEmpty, name.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" }) else { return nil }
        let hostPort = String(text[separator.upperBound...])
        guard let colon = hostPort.lastIndex(of: ":"), let port = Int(hostPort[hostPort.index(after: colon)...]),
              (allowPortZero ? 0 : 1)...65535 ~= port else { return nil }
        var host = String(hostPort[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(where: { $0 == "/" || $0 == "[" || $0 == "]" || $0.isWhitespace }) else { return nil }
        self.name = name.uppercased()
        self.address = SocketAddressSpec(host: host, port: port)
    }
}
