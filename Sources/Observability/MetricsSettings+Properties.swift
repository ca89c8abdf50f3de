import Properties

/// The `metrics.*` settings of a properties file.
extension MetricsSettings {
    /// Applies `property` when it is a `metrics.` setting; false for any other name.
    ///
    /// - `metrics.listen`: `HOST:PORT` (`[::1]:11001` for IPv6); absent: no metrics port
    /// - `metrics.level`: `basic`, `enhanced` or `topic` (basic)
    /// - `metrics.max.label.values` (1000)
    public mutating func apply(_ property: Property) throws(ConfigurationError) -> Bool {
        switch property.name {
        case "metrics.listen":
            guard let (host, port) = Self.hostAndPort(property.value) else {
                throw property.error("metrics.listen must be HOST:PORT, got '\(property.value)'")
            }
            listenHost = host
            listenPort = port
        case "metrics.level":
            guard let value = MetricsLevel(rawValue: property.value) else {
                throw property.error("metrics.level must be basic, enhanced or topic, got '\(property.value)'")
            }
            level = value
        case "metrics.max.label.values":
            let value: Int = try property.number()
            guard value > 0 else { throw property.error("metrics.max.label.values must be at least 1") }
            maximumLabelValues = value
        default:
            return false
        }
        return true
    }

    private static func hostAndPort(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port) else { return nil }
        var host = Substring(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty, !host.contains("[") else { return nil }
        return (String(host), port)
    }
}
