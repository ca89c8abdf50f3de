import AWSSigV4
import AsyncHTTPClient
import KeyManagement

/// Turns the configuration into destinations, each made once the HTTP client exists.
struct DestinationFactory {
    let configuration: LogDeliveryConfiguration
    let environment: [String: String]

    /// The destinations of `log`: named `cloudwatch`, `s3`, `kinesis` for the decision
    /// log, with `-service` after for the service log (its own stream, prefix and partition key).
    func all(for log: DeliveredLog = .decisions) throws(AWSConfigurationError) -> [@Sendable (HTTPClient) -> any LogDestination] {
        guard configuration.isEnabled, configuration.logs.contains(log) else { return [] }
        let suffix = log == .decisions ? "" : "-" + log.rawValue
        func value(_ names: String...) -> String? {
            names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        }
        guard let region = configuration.region ?? value("AWS_REGION", "AWS_DEFAULT_REGION") else { throw .missingRegion }
        let credentials = try AWSCredentials.fromEnvironment(environment)
        let retry = RetryPolicy(maximumDelay: configuration.retryMaximumDelay)

        func client(_ destination: String, service: String, endpoint: String?, serviceVariable: String, signsPayloadHash: Bool = false)
            throws(AWSConfigurationError) -> @Sendable (HTTPClient) -> AWSServiceClient {
            let endpoint = try AWSEndpoint(
                endpoint ?? value(serviceVariable, "AWS_ENDPOINT_URL") ?? "https://\(service).\(region).amazonaws.com"
            )
            let signer = AWSSigV4Signer(credentials: credentials, region: region, service: service, signsPayloadHashHeader: signsPayloadHash)
            return { AWSServiceClient(destination: destination, endpoint: endpoint, signer: signer, httpClient: $0, timeout: .seconds(30)) }
        }

        var destinations: [@Sendable (HTTPClient) -> any LogDestination] = []
        let instance = configuration.instance
        if let group = configuration.cloudWatchLogs.logGroup {
            let stream = log == .decisions
                ? configuration.cloudWatchLogs.logStream ?? instance
                : configuration.cloudWatchLogs.serviceLogStream ?? instance + "-service"
            let client = try client(
                "cloudwatch" + suffix, service: "logs", endpoint: configuration.cloudWatchLogs.endpoint,
                serviceVariable: "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"
            )
            destinations.append {
                CloudWatchLogsDestination(client: client($0), logGroup: group, logStream: stream, name: "cloudwatch" + suffix)
            }
        }
        if let bucket = configuration.s3.bucket {
            let prefix = log == .decisions ? configuration.s3.prefix : configuration.s3.servicePrefix
            // S3 wants the payload's hash signed and sent.
            let client = try client(
                "s3" + suffix, service: "s3", endpoint: configuration.s3.endpoint, serviceVariable: "AWS_ENDPOINT_URL_S3", signsPayloadHash: true
            )
            destinations.append {
                S3Destination(client: client($0), bucket: bucket, prefix: prefix, instance: instance, name: "s3" + suffix)
            }
        }
        if let stream = configuration.kinesis.stream {
            let client = try client(
                "kinesis" + suffix, service: "kinesis", endpoint: configuration.kinesis.endpoint, serviceVariable: "AWS_ENDPOINT_URL_KINESIS"
            )
            let partitionKey = log == .decisions ? instance : configuration.kinesis.servicePartitionKey ?? instance + "-service"
            destinations.append {
                KinesisDestination(client: client($0), stream: stream, partitionKey: partitionKey, retry: retry, name: "kinesis" + suffix)
            }
        }
        return destinations
    }
}
