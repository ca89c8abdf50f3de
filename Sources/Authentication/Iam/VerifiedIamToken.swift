import Foundation

/// A token that passed every check: who signed it and how long the session it opens may last.
public struct VerifiedIamToken: Sendable, Equatable {
    public let accessKeyId: String
    /// min(signedAt + expires, now + expires, the temporary credentials' expiry): the session may not
    /// outlive it (the gateway re-authenticates or closes the connection by then, as KIP-368 expects).
    public let validUntil: Date

    public init(accessKeyId: String, validUntil: Date) {
        self.accessKeyId = accessKeyId
        self.validUntil = validUntil
    }
}
