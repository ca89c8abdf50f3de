/// Why sealing or opening a batch failed. Carries no data bytes.
public enum EnvelopeError: Error, Hashable, Sendable {
    /// The key, associated data or bytes are not what was sealed.
    case authenticationFailed
    /// Too short to hold a nonce and a tag.
    case truncated(byteCount: Int)
    /// This key has sealed as many batches as its nonce budget allows: take a new data key.
    case sealLimitReached(limit: UInt64)
    /// Data keys are 256-bit.
    case invalidKeySize(bitCount: Int)
}
