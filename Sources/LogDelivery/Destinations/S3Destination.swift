/// S3: one object per batch, named by where the batch lies in the log, so a
/// batch sent again after a failure overwrites itself rather than adding a copy.
struct S3Destination: LogDestination {
    let client: AWSServiceClient
    let bucket: String
    let prefix: String
    let instance: String

    /// `s3` for the decision log, `s3-service` for the service log: names its cursor and status.
    var name = "s3"
    /// No API limit that matters: the configured batch size decides.
    let limits = BatchLimits(maximumBytes: .max, maximumRecords: .max)

    func deliver(_ batch: LogBatch) async throws(LogDeliveryFailure) {
        let body = batch.lines.flatMap { $0.bytes + [UInt8(ascii: "\n")] }
        let response = try await client.send(
            .PUT, path: "/\(bucket)/\(Self.key(batch, prefix: prefix, instance: instance))",
            headers: [("Content-Type", "application/x-ndjson")], body: body
        )
        guard response.status == 200 else { throw client.failure(response) }
    }

    /// `PREFIX/INSTANCE/FILE/START-END.jsonl`, offsets in bytes of the log file.
    static func key(_ batch: LogBatch, prefix: String, instance: String) -> String {
        [prefix, instance, batch.start.file, "\(batch.start.offset)-\(batch.end.offset).jsonl"]
            .filter { !$0.isEmpty }.joined(separator: "/")
    }
}
