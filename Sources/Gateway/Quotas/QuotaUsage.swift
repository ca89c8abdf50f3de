import NIOCore
import PolicyStore
import Synchronization

/// One user's use of its quotas on this gateway, shared by all of its
/// connections: as in Kafka, a quota is per user (its own or `<default>`'s,
/// each user measured separately), not per connection.
final class QuotaUsage: Sendable {
    private struct Rates {
        var produced: SampledRate
        var fetched: SampledRate
        /// Nanoseconds of event-loop time spent on the user's requests and responses.
        var requestTime: SampledRate

        subscript(key: ClientQuotaKey) -> SampledRate {
            get {
                switch key {
                case .producerByteRate: produced
                case .consumerByteRate: fetched
                case .requestPercentage, .connectionCreationRate: requestTime
                }
            }
            set {
                switch key {
                case .producerByteRate: produced = newValue
                case .consumerByteRate: fetched = newValue
                case .requestPercentage, .connectionCreationRate: requestTime = newValue
                }
            }
        }
    }

    private let rates: Mutex<Rates>

    init(window: QuotaWindow) {
        rates = Mutex(Rates(produced: window.makeRate(), fetched: window.makeRate(), requestTime: window.makeRate()))
    }

    /// `amount`: bytes for the byte rates, nanoseconds for the request percentage.
    func record(_ amount: Double, against key: ClientQuotaKey, at now: NIODeadline) {
        let time = Int64(now.uptimeNanoseconds)
        rates.withLock { $0[key].record(amount, at: time) }
    }

    /// The longest wait any of `limits` calls for now, or nil.
    func throttle(under limits: [(key: ClientQuotaKey, value: Double)], at now: NIODeadline) -> Throttle? {
        let time = Int64(now.uptimeNanoseconds)
        return rates.withLock { rates in
            var longest: Throttle?
            for (key, value) in limits {
                let wait = rates[key].throttleNanoseconds(limit: Self.perSecond(key, value), at: time)
                if wait > 0 { longest = Throttle.longer(longest, Throttle(duration: .nanoseconds(wait), quota: key, decidedAt: now)) }
            }
            return longest
        }
    }

    func isIdle(at now: NIODeadline) -> Bool {
        let time = Int64(now.uptimeNanoseconds)
        return rates.withLock { $0.produced.isIdle(at: time) && $0.fetched.isIdle(at: time) && $0.requestTime.isIdle(at: time) }
    }

    /// A quota's value in its rate's unit per second: request percentage is
    /// a share of one event loop's second, counted in nanoseconds.
    private static func perSecond(_ key: ClientQuotaKey, _ value: Double) -> Double {
        key == .requestPercentage ? value / 100 * 1e9 : value
    }
}
