import Logging
import StrictJSON

/// Service logs as JSON lines, one event per line: `time` (UTC, ISO 8601
/// with milliseconds), `level`, `logger`, `message`, then the event's
/// metadata as fields of their own (a metadata key that would shadow one of
/// those four is prefixed with `metadata.`). Nested metadata is written as
/// JSON arrays and objects. What log collectors (CloudWatch Logs Insights,
/// Loki, Elasticsearch) parse without a pattern.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let outputs: [any LogLineWriter]

    public init(label: String, output: LineOutput = .standardError) {
        self.init(label: label, outputs: [output])
    }

    /// Each line goes to every one of `outputs` (standard error and the service log's files, say).
    public init(label: String, outputs: [any LogLineWriter]) {
        self.label = label
        self.outputs = outputs
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let line = line(for: event, at: UTCTimestamp.now())
        for output in outputs {
            output.write(line)
        }
    }

    /// The event's line (without its newline).
    func line(for event: LogEvent, at time: String) -> String {
        var fields = metadata
        if let provided = metadataProvider?.get() { fields.merge(provided) { _, new in new } }
        if let own = event.metadata { fields.merge(own) { _, new in new } }
        var line = "{\"time\":\(JSONValue.quoted(time)),\"level\":\(JSONValue.quoted(event.level.rawValue))"
        line += ",\"logger\":\(JSONValue.quoted(label)),\"message\":\(JSONValue.quoted(event.message.description))"
        for key in fields.keys.sorted() {
            let name = Self.reserved.contains(key) ? "metadata." + key : key
            line += ",\(JSONValue.quoted(name)):\(Self.json(fields[key]!))"
        }
        return line + "}"
    }

    private static let reserved: Set<String> = ["time", "level", "logger", "message"]

    private static func json(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): JSONValue.quoted(text)
        case .stringConvertible(let convertible): JSONValue.quoted(convertible.description)
        case .array(let values): "[" + values.map(json).joined(separator: ",") + "]"
        case .dictionary(let entries):
            "{" + entries.keys.sorted().map { "\(JSONValue.quoted($0)):\(json(entries[$0]!))" }.joined(separator: ",") + "}"
        }
    }
}
