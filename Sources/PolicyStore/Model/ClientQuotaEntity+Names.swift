import Authorization

extension ClientQuotaEntity {
    /// `<default>`, as Kafka's tools print the default entity and as policy files and `authctl` write it.
    public static let defaultName = "<default>"

    /// The entity of Kafka's type `entityType` (`user` or `ip`) named `name` (nil for `<default>`), with an
    /// address in the text the store keeps (``canonicalAddress(_:)``); nil for any other type
    /// (`client-id` is not served). The name is not checked here: see ``nameProblem``.
    public init?(entityType: String, name: String?) {
        switch entityType {
        case "user": self = .user(name)
        case "ip": self = .ip(name.map { Self.canonicalAddress($0) ?? $0 })
        default: return nil
        }
    }

    /// Why the store would refuse this entity's name, or nil. A user's name follows the rules of principal
    /// names (a quota may name a user the store does not hold, as Kafka's may); an address must be an IPv4
    /// or IPv6 address in canonical text.
    public var nameProblem: String? {
        switch self {
        case .user(nil), .ip(nil):
            return nil
        case .user(let name?):
            if name.isEmpty { return "the user name is empty; use \(Self.defaultName) for the default user" }
            return PrincipalName.problem(with: name).map { "the user name is not acceptable: \($0)" }
        case .ip(let name?):
            if name.isEmpty { return "the IP address is empty; use \(Self.defaultName) for the default address" }
            guard let canonical = Self.canonicalAddress(name) else {
                return "'\(Self.printable(name))' is not an IPv4 or IPv6 address"
            }
            guard canonical == name else { return "write the IP address \(name) as \(canonical)" }
            return nil
        }
    }

    /// An address's canonical text (lower-case, shortest IPv6 form; an IPv4-mapped IPv6 address as the
    /// IPv4 address it stands for, which is how the gateway sees such a client); nil when `text` is not one.
    public static func canonicalAddress(_ text: String) -> String? {
        IPAddress(text)?.unmapped.description
    }

    /// `text` with control characters shown as `?`, for messages.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.prefix(100).map {
            $0.properties.generalCategory == .control ? "?" : $0
        }))
    }
}

extension ClientQuota {
    /// Why the store would refuse this quota, its entity's name included, or nil.
    var problemForStore: String? {
        entity.nameProblem ?? storageProblem
    }
}
