import Crypto

/// An AWS access key: long-term (IAM user) or temporary (with a session token).
///
/// The secret is held as a `SymmetricKey`, zeroed when released, and never
/// printed: `description`, `debugDescription` and reflection show only the
/// access key id.
public struct AWSCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let accessKeyId: String
    let secretAccessKey: SymmetricKey
    /// Sent as `X-Amz-Security-Token` with temporary credentials; a credential too, so never printed.
    let sessionToken: String?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = SymmetricKey(data: Array(secretAccessKey.utf8))
        self.sessionToken = sessionToken
    }

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

    public var isTemporary: Bool { sessionToken != nil }

    public var description: String {
        "AWSCredentials(accessKeyId: \(accessKeyId), secretAccessKey: <redacted>\(isTemporary ? ", sessionToken: <redacted>" : ""))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["accessKeyId": accessKeyId, "isTemporary": isTemporary], displayStyle: .struct)
    }
}
