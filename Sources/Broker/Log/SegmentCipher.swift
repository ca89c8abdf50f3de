import KeyManagement
import NIOCore

/// How the batches of a segment are sealed: the seam between the log and
/// its cryptography. Production uses `EnvelopeSegmentCipher`.
public protocol SegmentCipher: Sendable {
    /// Makes the data key of a new segment: the sealer its appends use, and
    /// the sidecar to store as its `.key` file (nil: nothing to store).
    func createKey(for segment: SegmentIdentity) async throws(LogError) -> (sealer: any BatchSealer, keyFile: SegmentKeyFile?)

    /// A sealer for an existing segment from its sidecar (nil when it has
    /// none). The log asks again for every read, so a KEK disabled since the
    /// last read stops the next one. `sealsAlreadyMade` is how many batches
    /// the segment holds, for a sealer that bounds its nonces per key.
    func sealer(for segment: SegmentIdentity, keyFile: SegmentKeyFile?, sealsAlreadyMade: UInt64) async throws(LogError) -> any BatchSealer
}

/// Seals and opens the batches of one segment.
public protocol BatchSealer: Sendable {
    /// The bytes sealing adds, fixed so that a header can announce the sealed
    /// length before the batch is sealed.
    var overhead: Int { get }

    /// Appends the sealed form of `plaintext`'s readable bytes to `output`.
    func seal(_ plaintext: ByteBuffer, authenticating associatedData: [UInt8], appendingTo output: inout ByteBuffer) throws(EnvelopeError)

    /// Appends the plaintext of `sealed` to `output`; throws `.authenticationFailed`
    /// when the bytes or associated data are not what was sealed.
    func open(_ sealed: ByteBuffer, authenticating associatedData: [UInt8], appendingTo output: inout ByteBuffer) throws(EnvelopeError)
}
