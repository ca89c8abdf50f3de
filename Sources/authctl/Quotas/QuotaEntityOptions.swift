import ArgumentParser
import PolicyFiles
import PolicyStore

/// Which entity a quota command is about: exactly one of `--user`, `--default-user`, `--ip`, `--default-ip`
/// (or, for `list`, none at all).
struct QuotaEntityOptions: ParsableArguments {
    @Option(help: "A user's name, without User: (the user need not exist yet).")
    var user: String?

    @Flag(help: "The default user: the value of every user that has none of its own.")
    var defaultUser = false

    @Option(help: "A client's IPv4 or IPv6 address.")
    var ip: String?

    @Flag(help: "The default address: the value of every address that has none of its own.")
    var defaultIp = false

    /// The entity named, or nil when none is (an error unless `optional`).
    func entity(optional: Bool = false) throws -> ClientQuotaEntity? {
        var named: [ClientQuotaEntity] = []
        if let user {
            if user.hasPrefix("User:") { throw ValidationError("give the name without User: (--user \(user.dropFirst("User:".count)))") }
            named.append(.user(user))
        }
        if defaultUser { named.append(.user(nil)) }
        if let ip {
            guard let address = ClientQuotaEntity.canonicalAddress(ip) else {
                throw ValidationError("--ip \(ip) is not an IPv4 or IPv6 address")
            }
            named.append(.ip(address))
        }
        if defaultIp { named.append(.ip(nil)) }
        guard named.count <= 1 else {
            throw ValidationError("give one of --user, --default-user, --ip, --default-ip, not several")
        }
        guard let entity = named.first else {
            if optional { return nil }
            throw ValidationError("say whose quota: --user NAME, --default-user, --ip ADDRESS or --default-ip")
        }
        if let problem = entity.nameProblem { throw ValidationError(problem) }
        return entity
    }
}

/// The values `quota set` sets, one option per Kafka key.
struct QuotaValueOptions: ParsableArguments {
    @Option(help: "Bytes per second the user may produce (a whole number).", transform: QuotaValueOptions.number)
    var producerByteRate: Double?

    @Option(help: "Bytes per second the user may fetch (a whole number).", transform: QuotaValueOptions.number)
    var consumerByteRate: Double?

    @Option(help: "Percent of one gateway event loop's time the user's requests may take (e.g. 50, or 12.5).", transform: QuotaValueOptions.number)
    var requestPercentage: Double?

    @Option(help: "New connections per second from the address (a whole number).", transform: QuotaValueOptions.number)
    var connectionCreationRate: Double?

    var values: [ClientQuotaKey: Double] {
        var values: [ClientQuotaKey: Double] = [:]
        values[.producerByteRate] = producerByteRate
        values[.consumerByteRate] = consumerByteRate
        values[.requestPercentage] = requestPercentage
        values[.connectionCreationRate] = connectionCreationRate
        return values
    }

    /// ``QuotaNumberText/number(_:)``, refused as ArgumentParser words a bad value.
    static func number(_ text: String) throws -> Double {
        do {
            return try QuotaNumberText.number(text)
        } catch {
            throw ValidationError(error.description)
        }
    }
}

/// The keys `quota remove` removes, one flag per Kafka key.
struct QuotaKeyFlags: ParsableArguments {
    @Flag(help: "Remove producer_byte_rate.") var producerByteRate = false
    @Flag(help: "Remove consumer_byte_rate.") var consumerByteRate = false
    @Flag(help: "Remove request_percentage.") var requestPercentage = false
    @Flag(help: "Remove connection_creation_rate.") var connectionCreationRate = false

    /// The keys named; nil when none is (remove them all).
    var keys: Set<ClientQuotaKey>? {
        var keys: Set<ClientQuotaKey> = []
        if producerByteRate { keys.insert(.producerByteRate) }
        if consumerByteRate { keys.insert(.consumerByteRate) }
        if requestPercentage { keys.insert(.requestPercentage) }
        if connectionCreationRate { keys.insert(.connectionCreationRate) }
        return keys.isEmpty ? nil : keys
    }
}
