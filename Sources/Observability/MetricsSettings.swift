/// Where and how much the metrics port serves. Off unless an address is
/// configured (`portcullis dev` configures 127.0.0.1:11001).
public struct MetricsSettings: Sendable, Equatable {
    /// The metrics port's address; nil keeps metrics off.
    public var listenHost: String?
    public var listenPort = 11001
    public var level: MetricsLevel = .basic
    /// Label combinations per metric name before new ones share the overflow series.
    public var maximumLabelValues = 1000

    public init() {}

    /// The metrics object the configured level asks for (`off` without an address).
    public func makeMetrics() -> PortcullisMetrics {
        guard listenHost != nil else { return .off }
        return PortcullisMetrics(level: level, maximumSeriesPerFamily: maximumLabelValues)
    }
}
