import KafkaProtocol

/// Broker configs that name the upstream's hosts or ports (its listeners,
/// its controllers, other clusters it talks to), withheld from DescribeConfigs
/// answers the way Kafka withholds a password: the value null, the entry
/// marked sensitive, every synonym's value null. Clients already show such an
/// entry as present but hidden.
///
/// They are withheld rather than rewritten: a listener list pairs the
/// upstream's listener names and protocols with its sockets, which no gateway
/// address stands for, and controllers or other clusters have no gateway
/// address at all. Clients find brokers through Metadata, which is rewritten.
enum AddressBearingConfigs {
    /// Kafka's BROKER and BROKER_LOGGER resource types; topics (and groups,
    /// client metrics) have no address-bearing configs.
    static let brokerResourceTypes: Set<Int8> = [4, 8]

    private static let names: Set<String> = [
        "listeners", "advertised.listeners", "host.name", "port", "advertised.host.name", "advertised.port",
        "controller.quorum.voters", "bootstrap.servers", "zookeeper.connect",
    ]

    static func withhold(in result: inout DescribeConfigsResponse.DescribeConfigsResult) {
        guard brokerResourceTypes.contains(result.resourceType) else { return }
        for index in result.configs.indices where namesAddresses(result.configs[index]) {
            result.configs[index].value = nil
            result.configs[index].isSensitive = true
            for synonym in result.configs[index].synonyms.indices {
                result.configs[index].synonyms[synonym].value = nil
            }
        }
    }

    /// By name for the configs whose values are a bare host or port; by value
    /// for any other that holds a URI or a host:port, whatever its name
    /// (plugins name their own). A synonym's name or value counts too.
    static func namesAddresses(_ config: DescribeConfigsResponse.DescribeConfigsResourceResult) -> Bool {
        namesAddress(name: config.name, value: config.value)
            || config.synonyms.contains { namesAddress(name: $0.name, value: $0.value) }
    }

    static func namesAddress(name: String, value: String?) -> Bool {
        names.contains(name) || name.hasSuffix(".bootstrap.servers") || (value.map(holdsHostAndPort) ?? false)
    }

    /// `scheme://…`, or a host (name, address or `[IPv6]`) followed by `:`
    /// and a port of 1–5 digits that ends there.
    static func holdsHostAndPort(_ value: String) -> Bool {
        if value.contains("://") { return true }
        let bytes = Array(value.utf8)
        for colon in bytes.indices where bytes[colon] == UInt8(ascii: ":") && colon > 0 && isHostByte(bytes[colon - 1]) {
            if (1...5).contains(bytes[(colon + 1)...].prefix(while: isDigit).count) { return true }
        }
        return false
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func isHostByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "]")
    }
}
