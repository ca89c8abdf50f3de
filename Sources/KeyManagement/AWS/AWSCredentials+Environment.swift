import AWSSigV4

// Here rather than beside `AWSCredentials` in `AWSSigV4`: reading the
// environment is client configuration, and its error type is the KMS client's.
extension AWSCredentials {
    /// The standard variables: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`
    /// and, for temporary credentials, `AWS_SESSION_TOKEN`.
    public static func fromEnvironment(_ environment: [String: String]) throws(AWSConfigurationError) -> AWSCredentials {
        func required(_ name: String) throws(AWSConfigurationError) -> String {
            guard let value = environment[name], !value.isEmpty else { throw .missingEnvironmentVariable(name) }
            return value
        }
        let sessionToken = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return AWSCredentials(
            accessKeyId: try required("AWS_ACCESS_KEY_ID"),
            secretAccessKey: try required("AWS_SECRET_ACCESS_KEY"),
            sessionToken: sessionToken
        )
    }
}
