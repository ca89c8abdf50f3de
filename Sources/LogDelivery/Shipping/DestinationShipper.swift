import Foundation
import Logging

/// Delivers the log to one destination, batch after batch from its cursor,
/// in a task of its own: a destination that is down holds up only itself.
struct DestinationShipper: Sendable {
    let destination: any LogDestination
    let source: any LogSource
    /// `decision log`, `service log`: for what is logged.
    let logName: String
    let cursor: DeliveryCursor
    let limits: BatchLimits
    let maximumAge: Duration
    let retry: RetryPolicy
    let logger: Logger
    let report: @Sendable (DeliveryStatus) -> Void

    /// How long to wait before looking at the log again: 200 ms while lines wait for their batch,
    /// doubling up to a second while the log has nothing new, so that an idle log costs a look
    /// a second (each lists the directory and reads the file's end), not five.
    private func pollDelay(afterEmptyPolls emptyPolls: Int) -> Duration {
        min(maximumAge, .seconds(1), .milliseconds(200 << min(emptyPolls, 3)))
    }

    /// Runs until its task is cancelled. Nothing is thrown: every failure is logged and tried again.
    func run() async {
        var status = DeliveryStatus(destination: destination.name)
        guard var position = await retrying("read the delivery cursor", status: &status, { try cursor.load() }) else { return }
        status.cursor = position
        // Where the batch being filled began, and since when it has waited.
        var waiting: (start: LogPosition, since: ContinuousClock.Instant)?
        var emptyPolls = 0
        while !Task.isCancelled {
            guard let read = await retrying("read the \(logName)", status: &status, {
                (batch: try source.batch(from: position, limits: limits), pendingBytes: try source.pendingBytes(after: position))
            }) else { return }
            let batch = read.batch
            status.pendingBytes = read.pendingBytes
            status.oldestPendingRecord = batch?.lines.first.map { Date(timeIntervalSince1970: Double($0.millisecondsSinceEpoch) / 1000) }
            report(status)

            emptyPolls = batch == nil ? emptyPolls + 1 : 0
            guard let batch, batch.isFull || hasWaited(for: batch, &waiting) else {
                guard (try? await Task.sleep(for: pollDelay(afterEmptyPolls: max(emptyPolls - 1, 0)))) != nil else { return }
                continue
            }
            guard await deliver(batch, status: &status) != nil,
                  await retrying("save the delivery cursor", status: &status, { try cursor.save(batch.end) }) != nil
            else { return }
            if batch.start.file != position?.file, let previous = position {
                let skipped = source.skippedBytes(from: previous, to: batch.start)
                if skipped > 0 {
                    status.skippedBytes += skipped
                    logger.error("log delivery fell behind the \(logName)'s rotation: lines deleted before they were delivered", metadata: [
                        "destination": .string(destination.name), "from": .string("\(previous)"),
                        "to": .string("\(batch.start)"), "bytes": .stringConvertible(skipped),
                    ])
                }
            }
            position = batch.end
            waiting = nil
            status.cursor = position
            status.deliveredBatches += 1
            status.deliveredRecords += batch.lines.count
            status.consecutiveFailures = 0
            report(status)
        }
    }

    /// True once the batch starting where `batch` starts has waited the maximum age.
    private func hasWaited(for batch: LogBatch, _ waiting: inout (start: LogPosition, since: ContinuousClock.Instant)?) -> Bool {
        if waiting?.start != batch.start { waiting = (batch.start, .now) }
        return waiting.map { $0.since.duration(to: .now) >= maximumAge } ?? false
    }

    /// Nil when cancelled.
    private func deliver(_ batch: LogBatch, status: inout DeliveryStatus) async -> Void? {
        await retrying("deliver \(batch.lines.count) records from \(batch.start)", status: &status) {
            try await destination.deliver(batch)
        }
    }

    /// `step`'s result, after as many tries as it takes; nil when cancelled first.
    private func retrying<Value>(
        _ what: String, status: inout DeliveryStatus, _ step: () async throws -> Value
    ) async -> Value? {
        while !Task.isCancelled {
            do {
                return try await step()
            } catch {
                // Cancelled mid-request: stopping, not a failure of the destination.
                if Task.isCancelled { return nil }
                let delay = retry.delay(afterFailures: status.consecutiveFailures)
                status.consecutiveFailures += 1
                // The writer goes on while this destination is stuck: keep the backlog's size current.
                status.pendingBytes = (try? source.pendingBytes(after: status.cursor)) ?? status.pendingBytes
                report(status)
                logger.warning("log delivery could not \(what); trying again", metadata: [
                    "destination": .string(destination.name), "error": .string("\(error)"),
                    "failures": .stringConvertible(status.consecutiveFailures), "retry_in": .string("\(delay)"),
                ])
                guard (try? await Task.sleep(for: delay)) != nil else { return nil }
            }
        }
        return nil
    }
}
