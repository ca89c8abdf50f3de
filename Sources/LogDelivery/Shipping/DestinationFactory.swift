import AWSSigV4
import AsyncHTTPClient
import KeyManagement

/// Turns the configuration into destinations, each made once the HTTP client exists.
struct DestinationFactory {
    let configuration: LogDeliveryConfiguration
    let environment: [String: String]

    func all() throws(AWSConfigurationError) -> [@Sendable (HTTPClient) -> any LogDestination] {
        guard configuration.isEnabled else { return [] }
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
            let stream = configuration.cloudWatchLogs.logStream ?? instance
            let client = try client(
                "cloudwatch", service: "logs", endpoint: configuration.cloudWatchLogs.endpoint,
                serviceVariable: "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"
            )
            destinations.append { CloudWatchLogsDestination(client: client($0), logGroup: group, logStream: stream) }
        }
        if let bucket = configuration.s3.bucket {
            let prefix = configuration.s3.prefix
            // S3 wants the payload's hash signed and sent.
            let client = try client(
                "s3", service: "s3", endpoint: configuration.s3.endpoint, serviceVariable: "AWS_ENDPOINT_URL_S3", signsPayloadHash: true
            )
            destinations.append { S3Destination(client: client($0), bucket: bucket, prefix: prefix, instance: instance) }
        }
        if let stream = configuration.kinesis.stream {
            let client = try client(
                "kinesis", service: "kinesis", endpoint: configuration.kinesis.endpoint, serviceVariable: "AWS_ENDPOINT_URL_KINESIS"
            )
            destinations.append { KinesisDestination(client: client($0), stream: stream, partitionKey: instance, retry: retry) }
        }
        return destinations
    }
}
