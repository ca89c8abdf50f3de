import Foundation

/// The gateway's side of IAM token verification.
public struct IamVerificationSettings: Sendable, Equatable {
    /// The gateway's configured region: tokens must be scoped to it.
    public var region: String
    /// How far in the future `X-Amz-Date` may lie (client clocks run fast). Not added to expiry.
    public var maximumClockSkew: TimeInterval
    /// The longest `X-Amz-Expires` accepted; 900 s is what AWS's signers use and MSK allows.
    public var maximumExpiry: TimeInterval

    public init(region: String, maximumClockSkew: TimeInterval = 300, maximumExpiry: TimeInterval = 900) {
        self.region = region
        self.maximumClockSkew = maximumClockSkew
        self.maximumExpiry = maximumExpiry
    }

    /// The host the Python (and Go, JavaScript) signers sign for OAUTHBEARER: `kafka.<region>.amazonaws.com`.
    public var serviceHost: String { "kafka.\(region).amazonaws.com" }
}
