import Properties

/// What a changed gateway.properties means for a running gateway (SIGHUP):
/// the authorization settings (`super.users`, `allow.everyone.if.no.acl.found`,
/// `iam.*`) take effect at once; any other changed setting is named as
/// needing a restart and left as it was. A file that does not parse changes
/// nothing.
public struct ConfigurationReload: Sendable {
    /// The file as now read.
    public let configuration: GatewayConfiguration
    /// Changed settings that take effect now, by name.
    public let applied: [String]
    /// Changed settings that keep their running value until a restart, by name.
    public let needingRestart: [String]

    /// - Parameters:
    ///   - running: the text the running gateway started with (what restart-bound settings still are).
    ///   - applied: the text whose reloadable settings are in effect (the last reload's, or `running`).
    ///   - new: the file as now read.
    public init(running: String, applied lastApplied: String, new: String) throws(ConfigurationError) {
        configuration = try GatewayConfiguration(properties: new)
        let newValues = try Self.values(new)
        applied = Self.changed(try Self.values(lastApplied), newValues).filter(Self.isReloadable)
        needingRestart = Self.changed(try Self.values(running), newValues).filter { !Self.isReloadable($0) }
    }

    static func isReloadable(_ name: String) -> Bool {
        name == "super.users" || name == "allow.everyone.if.no.acl.found" || name.hasPrefix("iam.")
    }

    private static func values(_ text: String) throws(ConfigurationError) -> [String: String] {
        var values: [String: String] = [:]
        for property in try PropertiesFile.parse(text) { values[property.name] = property.value }
        return values
    }

    private static func changed(_ old: [String: String], _ new: [String: String]) -> [String] {
        Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted()
    }
}
