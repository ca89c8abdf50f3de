/// Timing: a monotonic clock, iterations calibrated so that one repetition
/// lasts about `repetitionSeconds`, one warm-up repetition, then
/// `repetitions` timed ones of which the median is reported; a codec
/// measurement alternates its repetitions with the memcpy baseline's.
struct Harness {
    var repetitionSeconds: Double
    var repetitions: Int

    struct Result {
        /// Bytes per second, median over repetitions.
        var medianBytesPerSecond: Double
        var minBytesPerSecond: Double
        var maxBytesPerSecond: Double
        var iterationsPerRepetition: Int

        /// (max - min) / median, a quick sign of a noisy machine.
        var spread: Double { (maxBytesPerSecond - minBytesPerSecond) / medianBytesPerSecond }
    }

    private static let clock = ContinuousClock()

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }

    private static func time(_ iterations: Int, _ body: (Int) throws -> Void) rethrows -> Double {
        let start = clock.now
        try body(iterations)
        return seconds(clock.now - start)
    }

    /// Calibrates `body` so that one repetition lasts about `repetitionSeconds`, then warms it up.
    private func calibrate(_ body: (Int) throws -> Void) rethrows -> Int {
        // Double until a run lasts a tenth of a repetition, then scale.
        var iterations = 1
        var elapsed = try Self.time(iterations, body)
        while elapsed < repetitionSeconds / 10 {
            iterations *= 2
            elapsed = try Self.time(iterations, body)
        }
        iterations = max(1, Int((Double(iterations) * repetitionSeconds / elapsed).rounded()))
        _ = try Self.time(iterations, body)  // warm-up at the final size
        return iterations
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2]
            : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    private static func result(_ rates: [Double], iterations: Int) -> Result {
        Result(
            medianBytesPerSecond: median(rates), minBytesPerSecond: rates.min()!,
            maxBytesPerSecond: rates.max()!, iterationsPerRepetition: iterations
        )
    }

    /// Measures `body(iterations)`, which must process `bytesPerIteration` bytes per iteration.
    func measure(bytesPerIteration: Int, _ body: (Int) throws -> Void) rethrows -> Result {
        let iterations = try calibrate(body)
        var rates: [Double] = []
        for _ in 0..<repetitions {
            rates.append(Double(bytesPerIteration) * Double(iterations) / (try Self.time(iterations, body)))
        }
        return Self.result(rates, iterations: iterations)
    }

    /// Measures `subject` and `baseline` in alternating repetitions, so that
    /// both see the same machine (a busy SMT sibling, a frequency change), and
    /// gives the median of the per-pair ratios subject/baseline as well.
    func measurePaired(
        bytesPerIteration: Int,
        baseline: (Int) throws -> Void,
        subject: (Int) throws -> Void
    ) rethrows -> (subject: Result, baseline: Result, ratio: Double) {
        let baselineIterations = try calibrate(baseline)
        let subjectIterations = try calibrate(subject)
        var baselineRates: [Double] = []
        var subjectRates: [Double] = []
        var ratios: [Double] = []
        for _ in 0..<repetitions {
            let baselineRate = Double(bytesPerIteration) * Double(baselineIterations)
                / (try Self.time(baselineIterations, baseline))
            let subjectRate = Double(bytesPerIteration) * Double(subjectIterations)
                / (try Self.time(subjectIterations, subject))
            baselineRates.append(baselineRate)
            subjectRates.append(subjectRate)
            ratios.append(subjectRate / baselineRate)
        }
        return (
            Self.result(subjectRates, iterations: subjectIterations),
            Self.result(baselineRates, iterations: baselineIterations),
            Self.median(ratios)
        )
    }
}

/// Keeps a value alive and opaque to the optimizer, so no work feeding it is removed.
@inline(never) @_optimize(none)
func blackHole<T>(_ value: T) {}
