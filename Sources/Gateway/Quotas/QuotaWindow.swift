import NIOCore

/// How client quotas are measured: Kafka's `quota.window.num` windows of
/// `quota.window.size.seconds` each (11 of 1 s by default). A throttle is at
/// most the whole span.
public struct QuotaWindow: Sendable, Equatable {
    public var samples: Int
    public var sampleDuration: TimeAmount

    public init(samples: Int = 11, sampleDuration: TimeAmount = .seconds(1)) {
        self.samples = samples
        self.sampleDuration = sampleDuration
    }

    func makeRate() -> SampledRate {
        SampledRate(samples: samples, sampleNanoseconds: sampleDuration.nanoseconds)
    }
}
