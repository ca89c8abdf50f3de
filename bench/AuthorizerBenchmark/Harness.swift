#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Timing, as in CodecBenchmark, but on the thread's CPU clock: the machine
/// is shared, and time spent descheduled is no cost of ours. Iterations are
/// calibrated so that one repetition lasts about `repetitionSeconds`, then a
/// warm-up, then `repetitions` timed ones alternating with the baseline's,
/// medians reported.
struct Harness {
    var repetitionSeconds: Double
    var repetitions: Int

    struct Result {
        var subjectPerSecond: Double
        var baselinePerSecond: Double
        /// Median of the per-repetition ratios subject / baseline.
        var ratio: Double
        /// (max − min) / median of the subject's repetitions.
        var spread: Double
    }

    private static func threadCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
    }

    private static func time(_ iterations: Int, _ body: (Int) -> Void) -> Double {
        let start = threadCPUSeconds()
        body(iterations)
        return threadCPUSeconds() - start
    }

    private func calibrate(_ body: (Int) -> Void) -> Int {
        var iterations = 1
        var elapsed = Self.time(iterations, body)
        while elapsed < repetitionSeconds / 10 {
            iterations *= 2
            elapsed = Self.time(iterations, body)
        }
        iterations = max(1, Int((Double(iterations) * repetitionSeconds / elapsed).rounded()))
        _ = Self.time(iterations, body)
        return iterations
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// `body(n)` must make n decisions.
    func measure(subject: (Int) -> Void, baseline: (Int) -> Void) -> Result {
        let subjectIterations = calibrate(subject)
        let baselineIterations = calibrate(baseline)
        var subjectRates: [Double] = []
        var baselineRates: [Double] = []
        for _ in 0..<repetitions {
            baselineRates.append(Double(baselineIterations) / Self.time(baselineIterations, baseline))
            subjectRates.append(Double(subjectIterations) / Self.time(subjectIterations, subject))
        }
        let median = Self.median(subjectRates)
        return Result(
            subjectPerSecond: median, baselinePerSecond: Self.median(baselineRates),
            ratio: Self.median(zip(subjectRates, baselineRates).map { $0 / $1 }),
            spread: (subjectRates.max()! - subjectRates.min()!) / median)
    }
}

/// Keeps a value alive and opaque to the optimizer, so no work feeding it is removed.
@inline(never) @_optimize(none)
func blackHole<T>(_ value: T) {}
