import Authorization
import Properties

/// The quota and connection-limit settings of a properties file.
extension QuotaSettings {
    /// Applies `property` when it is one of these settings; false for any other name.
    ///
    /// - `quota.window.num` (11), `quota.window.size.seconds` (1)
    /// - `max.connections`, `listener.name.NAME.max.connections`
    /// - `max.connections.per.ip`, `max.connections.per.ip.overrides` (`ADDRESS:N,…`)
    /// - `max.connections.per.cidr` (`CIDR:N,…`), `max.connections.per.principal`
    /// - `max.connection.creation.rate` (10000), `listener.name.NAME.max.connection.creation.rate`
    mutating func apply(_ property: Property) throws(ConfigurationError) -> Bool {
        switch property.name {
        case "quota.window.num":
            let samples: Int = try property.number()
            guard samples >= 2 else { throw property.error("quota.window.num must be at least 2") }
            window.samples = samples
        case "quota.window.size.seconds":
            let seconds: Int64 = try property.number()
            guard seconds >= 1 else { throw property.error("quota.window.size.seconds must be at least 1") }
            window.sampleDuration = .seconds(seconds)
        case "max.connections":
            connections.maximum = try Self.positive(property)
        case "max.connections.per.ip":
            connections.perAddress = try Self.positive(property)
        case "max.connections.per.ip.overrides":
            connections.perAddressOverrides = [:]
            for (key, maximum) in try Self.pairs(property) {
                guard let address = IPAddress(key) else { throw property.error("\(property.name): '\(key)' is not an IP address") }
                connections.perAddressOverrides[address] = maximum
            }
        case "max.connections.per.cidr":
            connections.perBlock = []
            for (key, maximum) in try Self.pairs(property) {
                do {
                    connections.perBlock.append(.init(block: try CIDRBlock(key), maximum: maximum))
                } catch {
                    throw property.error("\(property.name): \(error)")
                }
            }
        case "max.connections.per.principal":
            connections.perPrincipal = try Self.positive(property)
        case "max.connection.creation.rate":
            connections.creationRate = Double(try Self.positive(property))
        case let name where name.hasPrefix("listener.name.") && name.hasSuffix(".max.connections"):
            connections.perListener[try Self.listener(in: property, suffix: ".max.connections")] = try Self.positive(property)
        case let name where name.hasPrefix("listener.name.") && name.hasSuffix(".max.connection.creation.rate"):
            let listener = try Self.listener(in: property, suffix: ".max.connection.creation.rate")
            connections.creationRatePerListener[listener] = Double(try Self.positive(property))
        default:
            return false
        }
        return true
    }

    private static func positive(_ property: Property) throws(ConfigurationError) -> Int {
        let value: Int = try property.number()
        guard value > 0 else { throw property.error("\(property.name) must be at least 1") }
        return value
    }

    private static func listener(in property: Property, suffix: String) throws(ConfigurationError) -> String {
        let name = property.name.dropFirst("listener.name.".count).dropLast(suffix.count)
        guard !name.isEmpty, !name.contains(".") else { throw property.unknown }
        return name.uppercased()
    }

    /// `KEY:N,…`, the key being whatever precedes the last colon (an IPv6 address has colons).
    private static func pairs(_ property: Property) throws(ConfigurationError) -> [(String, Int)] {
        var pairs: [(String, Int)] = []
        for entry in property.list {
            guard let colon = entry.lastIndex(of: ":"), let maximum = Int(entry[entry.index(after: colon)...]), maximum > 0 else {
                throw property.error("\(property.name) entries are KEY:N with N at least 1, got '\(entry)'")
            }
            pairs.append((String(entry[..<colon]), maximum))
        }
        return pairs
    }
}
