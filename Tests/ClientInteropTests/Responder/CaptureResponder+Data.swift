import KafkaProtocol
import NIOCore

// Produce, InitProducerId, ListOffsets and Fetch: produced records are
// acknowledged and noted, never served back; consumers of `captured`
// partition 0 are served the cluster's fixed batch.
extension CaptureResponder {
    /// The longest a Fetch with nothing new waits, whatever maxWaitMs asks:
    /// long enough to stop a client spinning, short enough to keep tests fast.
    static let longestFetchWait: Duration = .milliseconds(100)

    func produce(_ request: ProduceRequest) -> ProduceResponse {
        ProduceResponse(
            responses: request.topicData.map { topic in
                .init(
                    name: topic.name,
                    partitionResponses: topic.partitionData.map { partition in
                        let count = noteProduced(partition.records)
                        let baseOffset = log.appendOffsets(
                            topic: topic.name, partition: partition.index, count: count,
                            after: cluster.highWatermark(topic: topic.name, partition: partition.index)
                        )
                        return .init(index: partition.index, baseOffset: baseOffset, logStartOffset: 0)
                    }
                )
            }
        )
    }

    /// Notes the values of the records in a produced records field and
    /// returns how many records (or older-format messages) it holds.
    private func noteProduced(_ records: ByteBuffer?) -> Int64 {
        guard var bytes = records else { return 0 }
        var values: [String] = []
        var count: Int64 = 0
        var legacy = 0
        var checksumFailures = 0
        // Magic sits at byte 16 in every message format: after offset and
        // length, and after the v2 leader epoch or the v0/v1 CRC.
        while let magic = bytes.getInteger(at: bytes.readerIndex + 16, as: Int8.self) {
            if magic != RecordBatch.magic {
                // A v0/v1 message: offset, size, then size bytes.
                guard let size = bytes.getInteger(at: bytes.readerIndex + 8, as: Int32.self), size >= 0,
                      bytes.readableBytes >= 12 + Int(size)
                else { break }
                bytes.moveReaderIndex(forwardBy: 12 + Int(size))
                legacy += 1
                count += 1
                continue
            }
            guard let batch = try? bytes.readKafkaRecordBatch() else { break }
            count += Int64(batch.recordsCount)
            if (try? batch.verifyChecksum()) == nil { checksumFailures += 1 }
            for record in (try? batch.decodeRecords()) ?? [] {
                values.append(record.value.map { String(buffer: $0) } ?? "")
            }
        }
        log.noteProduced(values: values, legacyMessages: legacy, checksumFailures: checksumFailures)
        return count
    }

    func initProducerId() -> InitProducerIdResponse {
        InitProducerIdResponse(producerId: log.allocateProducerId(), producerEpoch: 0)
    }

    func listOffsets(_ request: ListOffsetsRequest) -> ListOffsetsResponse {
        ListOffsetsResponse(
            topics: request.topics.map { topic in
                .init(
                    name: topic.name,
                    partitions: topic.partitions.map { partition in
                        let end = cluster.highWatermark(topic: topic.name, partition: partition.partitionIndex)
                        // -1 latest, -3 the record with the largest timestamp;
                        // -2 earliest and every real timestamp find the start.
                        let offset: Int64 = switch partition.timestamp {
                        case -1: end
                        case -3: max(end - 1, 0)
                        default: 0
                        }
                        return .init(
                            partitionIndex: partition.partitionIndex,
                            oldStyleOffsets: [offset],
                            timestamp: -1,
                            offset: offset,
                            leaderEpoch: 0
                        )
                    }
                )
            }
        )
    }

    func fetch(_ request: FetchRequest, version: Int16) -> (FetchResponse, Duration) {
        var served = false
        let responses = request.topics.map { topic in
            // From v13 on, topics are named by id only.
            let name = version >= 13 ? log.topicName(for: topic.topicId) : topic.topic
            return FetchResponse.FetchableTopicResponse(
                topic: topic.topic,
                topicId: topic.topicId,
                partitions: topic.partitions.map { partition in
                    guard let name else {
                        return .init(partitionIndex: partition.partition, errorCode: KafkaErrorCode.unknownTopicId.rawValue)
                    }
                    let end = cluster.highWatermark(topic: name, partition: partition.partition)
                    var records = ByteBuffer()
                    if partition.fetchOffset < end {
                        // The whole batch: clients skip records before their offset.
                        records = cluster.servedBatch
                        served = true
                    }
                    return .init(
                        partitionIndex: partition.partition,
                        errorCode: partition.fetchOffset > end ? KafkaErrorCode.offsetOutOfRange.rawValue : KafkaErrorCode.none.rawValue,
                        highWatermark: end,
                        lastStableOffset: end,
                        logStartOffset: 0,
                        // Brokers send null unless the consumer reads committed only.
                        abortedTransactions: request.isolationLevel == 0 ? nil : [],
                        records: records
                    )
                }
            )
        }
        let wait = Duration.milliseconds(max(request.maxWaitMs, 0))
        return (FetchResponse(responses: responses), served ? .zero : min(wait, Self.longestFetchWait))
    }
}
