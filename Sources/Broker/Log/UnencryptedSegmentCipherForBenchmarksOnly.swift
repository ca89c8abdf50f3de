import KeyManagement
import NIOCore

/// NOT FOR PRODUCTION: stores batches in plaintext, with no key and no
/// authentication. It exists only so the benchmark can measure what
/// encryption costs, by running the same log with encryption off.
///
/// A log written with it has no `.key` files, and `EnvelopeSegmentCipher`
/// refuses to open it; it refuses to open an encrypted log in turn.
public struct UnencryptedSegmentCipherForBenchmarksOnly: SegmentCipher {
    public init() {}

    public func createKey(for segment: SegmentIdentity) async throws(LogError) -> (sealer: any BatchSealer, keyFile: SegmentKeyFile?) {
        (PlaintextBatchSealer(), nil)
    }

    public func sealer(for segment: SegmentIdentity, keyFile: SegmentKeyFile?, sealsAlreadyMade: UInt64) async throws(LogError) -> any BatchSealer {
        guard keyFile == nil else {
            throw .invalidSegmentKey(path: segment.description, reason: "the segment is encrypted; the benchmark-only cipher cannot read it")
        }
        return PlaintextBatchSealer()
    }
}

/// Copies bytes through unchanged.
private struct PlaintextBatchSealer: BatchSealer {
    var overhead: Int { 0 }

    func seal(_ plaintext: ByteBuffer, authenticating associatedData: [UInt8], appendingTo output: inout ByteBuffer) throws(EnvelopeError) {
        output.writeImmutableBuffer(plaintext)
    }

    func open(_ sealed: ByteBuffer, authenticating associatedData: [UInt8], appendingTo output: inout ByteBuffer) throws(EnvelopeError) {
        output.writeImmutableBuffer(sealed)
    }
}
