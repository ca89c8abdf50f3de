import KafkaProtocol
import Logging
import NIOCore

/// Fetch with long polling: answer at once when at least `minBytes` are
/// there, else wait for an append (up to `maxWaitMs`) and read again.
///
/// Incremental fetch sessions (KIP-227) are declined the way Kafka allows:
/// every response carries session id 0, so clients keep sending full
/// fetches; a request naming a session gets FETCH_SESSION_ID_NOT_FOUND and
/// the client starts over without one.
struct FetchHandler: Sendable {
    let partitions: PartitionDirectory
    let failures: PartitionFailureLog
    /// The most one partition's wait may be split into, so an append to any
    /// fetched partition ends the wait promptly.
    private let pollSlice = Duration.milliseconds(50)

    init(partitions: PartitionDirectory, logger: Logger) {
        self.partitions = partitions
        failures = PartitionFailureLog(logger: logger)
    }

    func fetch(_ request: FetchRequest, version: Int16) async -> FetchResponse {
        if request.sessionId != 0 {
            return FetchResponse(errorCode: KafkaErrorCode.fetchSessionIdNotFound.rawValue)
        }
        let deadline = ContinuousClock.now + .milliseconds(Int64(max(request.maxWaitMs, 0)))
        while true {
            let (response, bytes, waitOn) = await read(request, version: version)
            if bytes >= Int(request.minBytes) || ContinuousClock.now >= deadline || waitOn.isEmpty {
                return response
            }
            let remaining = deadline - ContinuousClock.now
            let slice = min(remaining, pollSlice)
            // Wait on the first partition for a slice, then look at all of them again.
            _ = await waitOn[0].log.waitForData(at: waitOn[0].offset, timeout: slice)
        }
    }

    private func read(_ request: FetchRequest, version: Int16) async -> (FetchResponse, Int, [(log: PartitionLog, offset: Int64)]) {
        var budget = Int(request.maxBytes)
        var total = 0
        var waitOn: [(log: PartitionLog, offset: Int64)] = []
        var responses: [FetchResponse.FetchableTopicResponse] = []
        for wanted in request.topics {
            // v13+ name topics by id only.
            let topic = version >= 13 ? await partitions.topic(id: wanted.topicId) : await partitions.topic(named: wanted.topic)
            var answered: [FetchResponse.PartitionData] = []
            for partition in wanted.partitions {
                guard let topic else {
                    let code: KafkaErrorCode = version >= 13 ? .unknownTopicId : .unknownTopicOrPartition
                    answered.append(.init(partitionIndex: partition.partition, errorCode: code.rawValue, highWatermark: -1, records: ByteBuffer()))
                    continue
                }
                let log: PartitionLog
                switch await partitions.log(of: topic, partition: partition.partition) {
                case .success(let found): log = found
                case .failure(let code):
                    answered.append(.init(partitionIndex: partition.partition, errorCode: code.rawValue, highWatermark: -1, records: ByteBuffer()))
                    continue
                }
                // The first partition with data is served even past maxBytes, as Kafka does.
                let limit = max(0, min(Int(partition.partitionMaxBytes), budget))
                do {
                    let read = try await log.read(from: partition.fetchOffset, maxBytes: total == 0 ? max(limit, 1) : limit)
                    let records = read.records
                    total += records.readableBytes
                    budget -= records.readableBytes
                    if records.readableBytes == 0 { waitOn.append((log, partition.fetchOffset)) }
                    answered.append(.init(partitionIndex: partition.partition, highWatermark: read.highWatermark,
                                          lastStableOffset: read.highWatermark, logStartOffset: read.logStartOffset,
                                          records: records))
                } catch {
                    if error.kafkaErrorCode != .offsetOutOfRange {
                        failures.warn("fetch failed", topic: topic.name, partition: partition.partition, error: error)
                    }
                    answered.append(.init(partitionIndex: partition.partition, errorCode: error.kafkaErrorCode.rawValue,
                                          highWatermark: await log.highWatermark, logStartOffset: await log.logStartOffset,
                                          records: ByteBuffer()))
                }
            }
            responses.append(.init(topic: topic?.name ?? wanted.topic, topicId: topic?.id ?? wanted.topicId, partitions: answered))
        }
        return (FetchResponse(responses: responses), total, waitOn)
    }
}
