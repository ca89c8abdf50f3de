import Prometheus

/// A metric's exposition name, help text, label names and the level from
/// which it is shown. `MetricCatalog` holds every one the project emits.
public struct MetricDefinition: Sendable, Hashable {
    public let name: String
    public let help: String
    public let labels: [String]
    public let level: MetricsLevel

    public init(_ name: String, help: String, labels: [String] = [], level: MetricsLevel) {
        self.name = name
        self.help = help
        self.labels = labels
        self.level = level
    }
}

extension MetricDefinition {
    /// The whole name as the metric name (no namespace or unit parts to join), with the help text.
    var descriptor: MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
}
