/// CloudWatch Logs: each line one event of `PutLogEvents`, the log group and
/// stream created the first time they are found missing.
struct CloudWatchLogsDestination: LogDestination {
    let client: AWSServiceClient
    let logGroup: String
    let logStream: String

    /// `cloudwatch` for the decision log, `cloudwatch-service` for the service log: names its cursor and status.
    var name = "cloudwatch"
    var limits: BatchLimits { Self.limits }
    /// PutLogEvents: 1,048,576 bytes counting 26 per event, 10,000 events.
    static let limits = BatchLimits(maximumBytes: 1_048_576, maximumRecords: 10_000, overheadPerRecord: 26)

    func deliver(_ batch: LogBatch) async throws(LogDeliveryFailure) {
        for events in Self.withinADay(Self.events(batch.lines)) {
            let request = PutLogEvents(logGroupName: logGroup, logStreamName: logStream, logEvents: events)
            var response = try await client.post(target: "Logs_20140328.PutLogEvents", request)
            if response.status != 200, client.failure(response).errorCode == "ResourceNotFoundException" {
                try await createGroupAndStream()
                response = try await client.post(target: "Logs_20140328.PutLogEvents", request)
            }
            guard response.status == 200 else { throw client.failure(response) }
        }
    }

    /// PutLogEvents refuses a call whose events span more than 24 hours, which a
    /// backlog can: time-ordered `events` cut where they would.
    static func withinADay(_ events: [PutLogEvents.Event]) -> [[PutLogEvents.Event]] {
        let day: Int64 = 24 * 3_600 * 1_000
        var calls: [[PutLogEvents.Event]] = []
        for event in events {
            if let first = calls.last?.first, event.timestamp - first.timestamp < day {
                calls[calls.count - 1].append(event)
            } else {
                calls.append([event])
            }
        }
        return calls
    }

    /// PutLogEvents wants events in time order; records usually are, but the
    /// writer's clock may step back. A stable sort keeps log order among equal times.
    static func events(_ lines: [LogLine]) -> [PutLogEvents.Event] {
        lines.enumerated()
            .sorted { ($0.element.millisecondsSinceEpoch, $0.offset) < ($1.element.millisecondsSinceEpoch, $1.offset) }
            .map { PutLogEvents.Event(timestamp: $0.element.millisecondsSinceEpoch, message: String(decoding: $0.element.bytes, as: UTF8.self)) }
    }

    private func createGroupAndStream() async throws(LogDeliveryFailure) {
        for (target, request) in [
            ("Logs_20140328.CreateLogGroup", LogGroupAndStream(logGroupName: logGroup, logStreamName: nil)),
            ("Logs_20140328.CreateLogStream", LogGroupAndStream(logGroupName: logGroup, logStreamName: logStream)),
        ] {
            let response = try await client.post(target: target, request)
            // Another writer may have created it meanwhile.
            guard response.status == 200 || client.failure(response).errorCode == "ResourceAlreadyExistsException" else {
                throw client.failure(response)
            }
        }
    }

    struct PutLogEvents: Encodable {
        var logGroupName: String
        var logStreamName: String
        var logEvents: [Event]

        struct Event: Encodable, Equatable {
            var timestamp: Int64
            var message: String
        }
    }

    /// CreateLogStream's request, and CreateLogGroup's without the stream.
    struct LogGroupAndStream: Encodable {
        var logGroupName: String
        var logStreamName: String?
    }
}
