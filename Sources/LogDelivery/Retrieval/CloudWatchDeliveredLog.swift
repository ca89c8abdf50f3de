import AWSSigV4
import AsyncHTTPClient
import Foundation
import KeyManagement

/// Reads back what the CloudWatch Logs destination delivered: a group's
/// streams and their events, with the same signed client as delivery's.
public struct CloudWatchDeliveredLog: Sendable {
    public let logGroup: String
    private let endpoint: AWSEndpoint
    private let signer: AWSSigV4Signer

    /// The region from `region` or `AWS_REGION`/`AWS_DEFAULT_REGION`; the endpoint from
    /// `endpoint`, `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS` or `AWS_ENDPOINT_URL`; credentials from the environment.
    public init(
        logGroup: String, region: String? = nil, endpoint: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(AWSConfigurationError) {
        self.logGroup = logGroup
        func value(_ names: String...) -> String? {
            names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        }
        guard let region = region ?? value("AWS_REGION", "AWS_DEFAULT_REGION") else { throw .missingRegion }
        self.endpoint = try AWSEndpoint(
            endpoint ?? value("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "AWS_ENDPOINT_URL") ?? "https://logs.\(region).amazonaws.com"
        )
        self.signer = AWSSigV4Signer(credentials: try AWSCredentials.fromEnvironment(environment), region: region, service: "logs")
    }

    /// The group's stream names (`nil` for all), each with its events' messages in the order CloudWatch keeps them (by time).
    public func streams(_ only: String? = nil) async throws(LogDeliveryFailure) -> [(stream: String, messages: [String])] {
        let httpClient = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: HTTPClient.Configuration(
                redirectConfiguration: .disallow,
                timeout: HTTPClient.Configuration.Timeout(connect: .seconds(10), read: .seconds(60))
            )
        )
        let client = AWSServiceClient(destination: "cloudwatch", endpoint: endpoint, signer: signer, httpClient: httpClient, timeout: .seconds(60))
        do throws(LogDeliveryFailure) {
            var result: [(stream: String, messages: [String])] = []
            let names: [String]
            if let only { names = [only] } else { names = try await streamNames(client) }
            for stream in names {
                result.append((stream, try await messages(client, stream: stream)))
            }
            try? await httpClient.shutdown()
            return result
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }

    private func streamNames(_ client: AWSServiceClient) async throws(LogDeliveryFailure) -> [String] {
        var names: [String] = []
        var token: String?
        repeat {
            let response = try await client.post(
                target: "Logs_20140328.DescribeLogStreams", DescribeLogStreams(logGroupName: logGroup, nextToken: token)
            )
            guard response.status == 200 else { throw client.failure(response) }
            let page: DescribeLogStreams.Result = try decode(response, client: client)
            names += page.logStreams.map(\.logStreamName)
            token = page.nextToken
        } while token != nil
        return names.sorted()
    }

    private func messages(_ client: AWSServiceClient, stream: String) async throws(LogDeliveryFailure) -> [String] {
        var messages: [String] = []
        var token: String?
        while true {
            let response = try await client.post(
                target: "Logs_20140328.GetLogEvents",
                GetLogEvents(logGroupName: logGroup, logStreamName: stream, startFromHead: true, nextToken: token)
            )
            guard response.status == 200 else { throw client.failure(response) }
            let page: GetLogEvents.Result = try decode(response, client: client)
            messages += page.events.map(\.message)
            // The last page gives back the token it was asked with.
            guard !page.events.isEmpty, let next = page.nextForwardToken, next != token else { return messages }
            token = next
        }
    }

    private func decode<Value: Decodable>(_ response: AWSServiceClient.Response, client: AWSServiceClient) throws(LogDeliveryFailure) -> Value {
        do {
            return try JSONDecoder().decode(Value.self, from: Data(response.body))
        } catch {
            throw LogDeliveryFailure(destination: "cloudwatch", statusCode: 200, message: "unreadable reply: \(error)")
        }
    }

    struct DescribeLogStreams: Encodable {
        var logGroupName: String
        var nextToken: String?

        struct Result: Decodable {
            var logStreams: [Stream]
            var nextToken: String?
        }

        struct Stream: Decodable {
            var logStreamName: String
        }
    }

    struct GetLogEvents: Encodable {
        var logGroupName: String
        var logStreamName: String
        var startFromHead: Bool
        var nextToken: String?

        struct Result: Decodable {
            var events: [Event]
            var nextForwardToken: String?
        }

        struct Event: Decodable {
            var message: String
        }
    }
}
