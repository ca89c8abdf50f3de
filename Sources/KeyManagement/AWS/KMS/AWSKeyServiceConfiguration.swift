import AWSSigV4
import Foundation

/// Where and as whom `AWSKeyService` talks to AWS KMS (or a service speaking its API).
public struct AWSKeyServiceConfiguration: Sendable {
    public let region: String
    /// `https://kms.REGION.amazonaws.com` unless configured; `http` only to a loopback host (e.g. moto).
    public let endpoint: AWSEndpoint
    public let credentials: AWSCredentials
    /// Upper bound on one call, connecting included.
    public let requestTimeout: Duration

    public init(
        region: String,
        endpoint: String? = nil,
        credentials: AWSCredentials,
        requestTimeout: Duration = .seconds(10)
    ) throws(AWSConfigurationError) {
        guard !region.isEmpty, region.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || isLowerAlphanumeric($0) }) else {
            throw .invalidRegion(region)
        }
        self.region = region
        self.endpoint = try AWSEndpoint(endpoint ?? "https://kms.\(region).amazonaws.com")
        self.credentials = credentials
        self.requestTimeout = requestTimeout
    }

    /// As the AWS SDKs read it: `AWS_REGION` (or `AWS_DEFAULT_REGION`),
    /// `AWS_ENDPOINT_URL_KMS` (or `AWS_ENDPOINT_URL`), and credentials from
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`.
    /// Explicit arguments win over the environment.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        region: String? = nil,
        endpoint: String? = nil,
        requestTimeout: Duration = .seconds(10)
    ) throws(AWSConfigurationError) -> AWSKeyServiceConfiguration {
        func value(_ names: String...) -> String? {
            names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        }
        guard let region = region ?? value("AWS_REGION", "AWS_DEFAULT_REGION") else { throw .missingRegion }
        return try AWSKeyServiceConfiguration(
            region: region,
            endpoint: endpoint ?? value("AWS_ENDPOINT_URL_KMS", "AWS_ENDPOINT_URL"),
            credentials: try AWSCredentials.fromEnvironment(environment),
            requestTimeout: requestTimeout
        )
    }
}

private func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
}
