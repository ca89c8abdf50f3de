import Foundation
import Properties

/// The broker's configuration file: Kafka's `server.properties` format
/// (`name=value` lines, `#` comments) with Kafka's names where Kafka has one.
/// Every name is optional; an unknown name or a bad value is an error, so a
/// typo never silently leaves a default (such as encryption) in place.
extension BrokerConfiguration {
    public mutating func apply(properties text: String) throws(ConfigurationError) {
        var listenersProperty: Property?
        var advertisedProperty: Property?
        for property in try PropertiesFile.parse(text) {
            switch property.name {
            case "listeners": listenersProperty = property
            case "advertised.listeners": advertisedProperty = property
            default: try set(property)
            }
        }
        // After the loop: advertised.listeners may come first in the file.
        // `listeners` replaces `--listen`; names are checked against the result.
        if let listenersProperty { listeners = try .parse(listeners: listenersProperty) }
        if let advertisedProperty { try listeners.advertise(advertisedProperty) }
        do {
            try log.validate()
        } catch {
            throw ConfigurationError(line: 0, message: "\(error)")
        }
    }

    private mutating func set(_ property: Property) throws(ConfigurationError) {
        let value = property.value
        switch property.name {
        case "node.id": nodeId = try property.number()
        case "cluster.id": clusterId = value
        case "auto.create.topics.enable": autoCreateTopicsEnable = try property.flag()
        case "num.partitions": numPartitions = try property.number()
        case "socket.request.max.bytes": socketRequestMaxBytes = try property.number()
        case "message.max.bytes": log.maxMessageBytes = try property.number()
        case "log.segment.bytes": log.segmentBytes = try property.number()
        case "log.roll.ms": log.segmentMs = try property.number()
        case "log.retention.bytes": log.retentionBytes = try property.number()
        case "log.retention.ms": log.retentionMs = try property.number()
        case "log.retention.check.interval.ms":
            retentionCheckIntervalMs = try property.number()
            guard retentionCheckIntervalMs >= 1 else { throw property.error("\(property.name) must be at least 1") }
        case "log.index.interval.bytes": log.indexIntervalBytes = try property.number()
        case "group.initial.rebalance.delay.ms": groups.initialRebalanceDelayMs = try property.number()
        case "group.min.session.timeout.ms": groups.minSessionTimeoutMs = try property.number()
        case "group.max.session.timeout.ms": groups.maxSessionTimeoutMs = try property.number()
        case "encryption.kms":
            guard ["local", "aws"].contains(value) else { throw property.error("\(property.name) must be local or aws") }
            encryption.kms = value
        case "encryption.key.id": encryption.keyId = value
        case "encryption.root.key.file": encryption.rootKeyFile = value
        case "encryption.allow.development.root.key": encryption.allowDevelopmentRootKey = try property.flag()
        case "encryption.aws.region": encryption.awsRegion = value
        case "encryption.aws.endpoint": encryption.awsEndpoint = value
        case "encryption.kms.unreachable.grace.ms":
            encryption.kmsUnreachableGraceMs = try property.number()
            // Above the key status refresh interval (0.5 s), or cached keys flicker off between refreshes.
            guard encryption.kmsUnreachableGraceMs >= 1_000 else { throw property.error("\(property.name) must be at least 1000") }
        case "encryption.disabled.for.benchmarks.only": encryption.disabledForBenchmarksOnly = try property.flag()
        default: throw property.unknown
        }
    }
}
