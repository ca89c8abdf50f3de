import Foundation

/// Kinesis Data Streams: each line one record of `PutRecords`, keyed by the
/// instance (so one gateway's records stay in order on one shard). Records
/// the stream refused (`FailedRecordCount` > 0, throttling mostly) are sent
/// again by themselves, with backoff, until all are in.
struct KinesisDestination: LogDestination {
    let client: AWSServiceClient
    let stream: String
    let partitionKey: String
    let retry: RetryPolicy

    /// `kinesis` for the decision log, `kinesis-service` for the service log: names its cursor and status.
    var name = "kinesis"
    var limits: BatchLimits { Self.limits(partitionKey: partitionKey) }

    /// PutRecords: 500 records, 5 MiB counting each record's data and partition key.
    /// (Lines are counted before base64, which the API does not count either.)
    static func limits(partitionKey: String) -> BatchLimits {
        BatchLimits(maximumBytes: 5 << 20, maximumRecords: 500, overheadPerRecord: partitionKey.utf8.count)
    }

    func deliver(_ batch: LogBatch) async throws(LogDeliveryFailure) {
        var pending = batch.lines.map { PutRecords.Record(data: Data($0.bytes).base64EncodedString(), partitionKey: partitionKey) }
        var attempt = 0
        while true {
            let response = try await client.post(target: "Kinesis_20131202.PutRecords", PutRecords(streamName: stream, records: pending))
            guard response.status == 200 else { throw client.failure(response) }
            let result: PutRecordsResult
            do {
                result = try JSONDecoder().decode(PutRecordsResult.self, from: Data(response.body))
            } catch {
                throw LogDeliveryFailure(destination: name, statusCode: 200, message: "unreadable PutRecords reply: \(error)")
            }
            pending = try Self.refused(pending, result: result, destination: name)
            if pending.isEmpty { return }
            do {
                try await Task.sleep(for: retry.delay(afterFailures: attempt))
            } catch {
                throw LogDeliveryFailure(destination: name, message: "cancelled with \(pending.count) records refused")
            }
            attempt += 1
        }
    }

    /// The records of `sent` whose results carry an error code, in their order.
    static func refused(
        _ sent: [PutRecords.Record], result: PutRecordsResult, destination: String
    ) throws(LogDeliveryFailure) -> [PutRecords.Record] {
        guard (result.failedRecordCount ?? 0) > 0 else { return [] }
        guard result.records.count == sent.count else {
            throw LogDeliveryFailure(
                destination: destination, statusCode: 200,
                message: "PutRecords answered \(result.records.count) results for \(sent.count) records"
            )
        }
        return zip(sent, result.records).filter { $0.1.errorCode != nil }.map(\.0)
    }

    struct PutRecords: Encodable {
        var streamName: String
        var records: [Record]

        enum CodingKeys: String, CodingKey {
            case streamName = "StreamName", records = "Records"
        }

        struct Record: Encodable, Equatable {
            /// Base64, as the JSON protocol carries blobs.
            var data: String
            var partitionKey: String

            enum CodingKeys: String, CodingKey {
                case data = "Data", partitionKey = "PartitionKey"
            }
        }
    }

    struct PutRecordsResult: Decodable {
        var failedRecordCount: Int?
        var records: [Result]

        enum CodingKeys: String, CodingKey {
            case failedRecordCount = "FailedRecordCount", records = "Records"
        }

        struct Result: Decodable {
            var errorCode: String?

            enum CodingKeys: String, CodingKey {
                case errorCode = "ErrorCode"
            }
        }
    }
}
