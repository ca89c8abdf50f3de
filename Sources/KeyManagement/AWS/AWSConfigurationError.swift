/// Why an AWS client could not be configured. Never carries a credential.
public enum AWSConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    case missingEnvironmentVariable(String)
    case missingRegion
    case invalidRegion(String)
    case invalidEndpoint(String)
    /// Plain HTTP to a host that is not loopback would send signed requests and data keys in clear.
    case insecureEndpoint(String)

    public var description: String {
        switch self {
        case .missingEnvironmentVariable(let name):
            "the environment variable \(name) is not set"
        case .missingRegion:
            "no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION) or configure one"
        case .invalidRegion(let region):
            "'\(region)' is not an AWS region name"
        case .invalidEndpoint(let endpoint):
            "'\(endpoint)' is not an endpoint URL (scheme://host[:port], no path, query or user)"
        case .insecureEndpoint(let endpoint):
            "'\(endpoint)' uses http to a host that is not loopback: use https"
        }
    }
}
