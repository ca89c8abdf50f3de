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
    /// `package` so that the KMS client can redact it from error messages.
    package let sessionToken: String?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = SymmetricKey(data: Array(secretAccessKey.utf8))
        self.sessionToken = sessionToken
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
