import Foundation

/// A user's new access key with its secret, which exists nowhere else in plaintext: show it once.
/// Printing the value (or dumping it) shows the key id only.
public struct IamNewAccessKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let accessKey: IamAccessKey
    /// 40 characters of base64's alphabet, as IAM's.
    public let secretAccessKey: String

    public var description: String { "IamNewAccessKey(\(accessKey.accessKeyId), secret redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["accessKeyId": accessKey.accessKeyId]) }
}

/// A role session's temporary credentials, as STS's AssumeRole returns them: the secret and the
/// token exist nowhere else in plaintext (the store keeps the token's SHA-256 only).
public struct IamSessionCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let accessKey: IamAccessKey
    public let secretAccessKey: String
    /// Base64 of 96 random bytes.
    public let sessionToken: String

    public var expiration: Date { accessKey.expiresAt! }

    public var description: String { "IamSessionCredentials(\(accessKey.accessKeyId), secret and token redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["accessKeyId": accessKey.accessKeyId]) }
}
