import Prometheus
import Synchronization

/// One metric name and its series, one per combination of label values,
/// made on first use. The number of series is capped: label values come
/// from clients (topic names, principals), so past the cap new combinations
/// share one series whose every label reads `overflowLabelValue`, and the
/// scrape stays bounded whatever clients send. A family whose level is above
/// the configured one is disabled: it hands out nothing and costs one check.
public final class MetricFamily<Metric: AnyObject & Sendable>: Sendable {
    public static var overflowLabelValue: String { "__overflow__" }

    public let definition: MetricDefinition
    public let isEnabled: Bool
    private let maximumSeries: Int
    private let make: @Sendable ([(String, String)]) -> Metric
    private let series = Mutex<[[String]: Metric]>([:])

    init(
        _ definition: MetricDefinition, enabled: Bool, maximumSeries: Int,
        make: @escaping @Sendable ([(String, String)]) -> Metric
    ) {
        self.definition = definition
        self.isEnabled = enabled
        self.maximumSeries = maximumSeries
        self.make = make
    }

    /// The series for these label values, in the definition's label order;
    /// nil when the family is disabled.
    public func series(_ values: [String]) -> Metric? {
        guard isEnabled else { return nil }
        precondition(values.count == definition.labels.count, "\(definition.name) takes \(definition.labels)")
        return series.withLock { series in
            if let existing = series[values] { return existing }
            let key = series.count < maximumSeries
                ? values : Array(repeating: Self.overflowLabelValue, count: values.count)
            if let overflow = series[key] { return overflow }
            let made = make(Array(zip(definition.labels, key)))
            series[key] = made
            return made
        }
    }

    /// How many series exist (the overflow one included).
    public var seriesCount: Int { series.withLock { $0.count } }
}

extension MetricFamily where Metric == Counter {
    public func increment(_ values: String..., by amount: Int = 1) {
        series(values)?.increment(by: Int64(amount))
    }

    public func increment(_ values: String..., by amount: Double) {
        series(values)?.increment(by: amount)
    }
}

extension MetricFamily where Metric == Gauge {
    public func set(_ values: String..., to value: Double) {
        series(values)?.set(to: value)
    }

    public func increment(_ values: String..., by amount: Double = 1) {
        series(values)?.increment(by: amount)
    }

    public func decrement(_ values: String..., by amount: Double = 1) {
        series(values)?.decrement(by: amount)
    }
}

extension MetricFamily where Metric == DurationHistogram {
    public func record(_ values: String..., duration: Duration) {
        series(values)?.record(duration)
    }
}
