import KafkaProtocol
import Logging
import NIOCore

/// Produce: validate each partition's batches, check idempotent producers,
/// append, and for acks=-1 wait until the records are durable.
struct ProduceHandler: Sendable {
    let partitions: PartitionDirectory
    let failures: PartitionFailureLog

    init(partitions: PartitionDirectory, logger: Logger) {
        self.partitions = partitions
        failures = PartitionFailureLog(logger: logger)
    }

    func produce(_ request: ProduceRequest) async -> ProduceResponse {
        guard [-1, 0, 1].contains(request.acks) else {
            return ProduceResponse(responses: request.topicData.map { topic in
                .init(name: topic.name, partitionResponses: topic.partitionData.map {
                    .init(index: $0.index, errorCode: KafkaErrorCode.invalidRequiredAcks.rawValue)
                })
            })
        }
        var responses: [ProduceResponse.TopicProduceResponse] = []
        for topic in request.topicData {
            var answered: [ProduceResponse.PartitionProduceResponse] = []
            for data in topic.partitionData {
                answered.append(await append(data, topic: topic.name, acks: request.acks))
            }
            responses.append(.init(name: topic.name, partitionResponses: answered))
        }
        return ProduceResponse(responses: responses)
    }

    private func append(_ data: ProduceRequest.PartitionProduceData, topic: String, acks: Int16) async -> ProduceResponse.PartitionProduceResponse {
        func refuse(_ code: KafkaErrorCode, _ message: String? = nil) -> ProduceResponse.PartitionProduceResponse {
            .init(index: data.index, errorCode: code.rawValue, baseOffset: -1, errorMessage: message)
        }
        let log: PartitionLog
        switch await partitions.log(topic: topic, partition: data.index, autoCreate: true) {
        case .success(let found): log = found
        case .failure(let code): return refuse(code)
        }
        var records = data.records ?? ByteBuffer()
        let batches: [VerifiedRecordBatch]
        do {
            let read = try records.readKafkaRecordBatches()
            guard !read.hasPartialTrailingBatch, !read.batches.isEmpty else {
                return refuse(.corruptMessage, "the records end in the middle of a batch")
            }
            // Every CRC before any append (Kafka's atomicity); the log does not check them again.
            batches = try read.batches.map(VerifiedRecordBatch.init)
        } catch .unsupportedMagic {
            return refuse(.unsupportedForMessageFormat, "only record batch format v2 (magic 2) is accepted")
        } catch {
            return refuse(.corruptMessage, "\(error)")
        }

        var first: LogAppendResult?
        var last: LogAppendResult?
        for verified in batches {
            let batch = verified.batch
            switch IdempotenceCheck.verdict(for: batch, state: await log.producerState(of: batch.producerId)) {
            case .refuse(let code):
                return refuse(code)
            case .duplicate(let firstOffset):
                if first == nil {
                    first = LogAppendResult(baseOffset: firstOffset, lastOffset: firstOffset, logAppendTime: -1,
                                            logStartOffset: await log.logStartOffset)
                }
            case .append:
                do {
                    let result = try await log.append(verified: verified)
                    if first == nil { first = result }
                    last = result
                } catch {
                    failures.warn("append failed", topic: topic, partition: data.index, error: error)
                    return refuse(error.kafkaErrorCode, "\(error)")
                }
            }
        }
        if acks == -1, let last {
            do {
                try await log.flush(through: last.lastOffset)
            } catch {
                failures.warn("flush failed", topic: topic, partition: data.index, error: error)
                return refuse(error.kafkaErrorCode, "\(error)")
            }
        }
        return .init(index: data.index, baseOffset: first?.baseOffset ?? -1, logAppendTimeMs: first?.logAppendTime ?? -1,
                     logStartOffset: first?.logStartOffset ?? -1)
    }
}

extension LogError {
    /// The error a Kafka client understands for this failure.
    var kafkaErrorCode: KafkaErrorCode {
        switch self {
        case .offsetOutOfRange: .offsetOutOfRange
        case .corruptBatch, .invalidBatch: .corruptMessage
        case .batchTooLarge: .messageTooLarge
        case .invalidConfiguration: .invalidConfig
        case .invalidTopicPartition: .unknownTopicOrPartition
        case .keyService, .invalidSegmentKey, .io, .logFailed, .partitionInUse, .closed: .kafkaStorageError
        }
    }
}
