import Logging
import Usage

/// Samples the upstream cluster's storage into the usage journal: every
/// round asks `UpstreamStorageQuery` and notes each topic's partitions and
/// leader bytes, as `portcullis dev` samples its embedded broker. A failed
/// round records nothing for the topics it missed and is logged as
/// `UpstreamStorageWarnings` allows; it never stops the gateway.
struct UpstreamStorageSampler: Sendable {
    let query: UpstreamStorageQuery
    let usage: UsageRecorder
    /// The gateway's principal on the upstream, named in the permission warning.
    let principal: String?
    let logger: Logger

    /// Samples now and then every `interval` until cancelled.
    func run(interval: Duration) async {
        var warnings = UpstreamStorageWarnings(principal: principal)
        while !Task.isCancelled {
            let lines: [UpstreamStorageWarnings.Line]
            do throws(UpstreamStorageFailure) {
                let answer = try await query.ask()
                for topic in answer.topics {
                    usage.sample(topic: topic.topic, partitions: topic.partitions, bytes: topic.bytes)
                }
                lines = warnings.round(failures: answer.failures, incomplete: answer.incomplete)
            } catch {
                lines = warnings.round(failures: [error], incomplete: [])
            }
            for line in lines {
                logger.log(level: line.level, "\(line.message)", metadata: line.metadata.mapValues { .string($0) })
            }
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }
}
