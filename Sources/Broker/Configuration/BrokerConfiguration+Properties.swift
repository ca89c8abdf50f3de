import Foundation


/// The broker's configuration file: Kafka's `server.properties` format
/// (`name=value` lines, `#` comments) with Kafka's names where Kafka has one.
/// Every name is optional; an unknown name or a bad value is an error, so a
/// typo never silently leaves a default (such as encryption) in place.
extension BrokerConfiguration {
    public mutating func apply(properties text: String) throws(ConfigurationError) {
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#"), !line.hasPrefix("!") else { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigurationError(line: number + 1, message: "expected name=value")
            }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            do {
                try set(name, to: value)
            } catch {
                throw ConfigurationError(line: number + 1, message: error.message)
            }
        }
        do {
            try log.validate()
        } catch {
            throw ConfigurationError(line: 0, message: "\(error)")
        }
    }

    private mutating func set(_ name: String, to value: String) throws(ConfigurationError) {
        switch name {
        case "node.id": nodeId = try Self.number(name, value)
        case "cluster.id": clusterId = value
        case "auto.create.topics.enable": autoCreateTopicsEnable = try Self.flag(name, value)
        case "num.partitions": numPartitions = try Self.number(name, value)
        case "socket.request.max.bytes": socketRequestMaxBytes = try Self.number(name, value)
        case "message.max.bytes": log.maxMessageBytes = try Self.number(name, value)
        case "log.segment.bytes": log.segmentBytes = try Self.number(name, value)
        case "log.roll.ms": log.segmentMs = try Self.number(name, value)
        case "log.retention.bytes": log.retentionBytes = try Self.number(name, value)
        case "log.retention.ms": log.retentionMs = try Self.number(name, value)
        case "log.index.interval.bytes": log.indexIntervalBytes = try Self.number(name, value)
        case "group.initial.rebalance.delay.ms": groups.initialRebalanceDelayMs = try Self.number(name, value)
        case "group.min.session.timeout.ms": groups.minSessionTimeoutMs = try Self.number(name, value)
        case "group.max.session.timeout.ms": groups.maxSessionTimeoutMs = try Self.number(name, value)
        case "encryption.kms":
            guard ["local", "aws"].contains(value) else { throw ConfigurationError(line: 0, message: "\(name) must be local or aws") }
            encryption.kms = value
        case "encryption.key.id": encryption.keyId = value
        case "encryption.root.key.file": encryption.rootKeyFile = value
        case "encryption.allow.development.root.key": encryption.allowDevelopmentRootKey = try Self.flag(name, value)
        case "encryption.aws.region": encryption.awsRegion = value
        case "encryption.aws.endpoint": encryption.awsEndpoint = value
        case "encryption.disabled.for.benchmarks.only": encryption.disabledForBenchmarksOnly = try Self.flag(name, value)
        default: throw ConfigurationError(line: 0, message: "unknown setting '\(name)'")
        }
    }

    private static func number<Value: FixedWidthInteger>(_ name: String, _ text: String) throws(ConfigurationError) -> Value {
        guard let value = Value(text) else { throw ConfigurationError(line: 0, message: "\(name) must be an integer, got '\(text)'") }
        return value
    }

    private static func flag(_ name: String, _ text: String) throws(ConfigurationError) -> Bool {
        switch text {
        case "true": return true
        case "false": return false
        default: throw ConfigurationError(line: 0, message: "\(name) must be true or false, got '\(text)'")
        }
    }
}

/// A configuration file that could not be applied, with the line at fault (0: the file as a whole).
public struct ConfigurationError: Error, CustomStringConvertible {
    public var line: Int
    public var message: String

    public var description: String { line > 0 ? "line \(line): \(message)" : message }
}
