import Crypto
import Foundation
import NIOCore
import NIOFoundationCompat
import Synchronization

/// AES-256-GCM for the segment log: one cipher per data key (per segment).
///
/// Sealed form: `nonce (12) | ciphertext | tag (16)`, appended to a buffer
/// the caller owns and reuses (clear it between batches), which avoids an
/// allocation the size of the batch per call on the produce and fetch paths.
///
/// Nonces are random 96-bit values. NIST SP 800-38D bounds random nonces to
/// 2^32 encryptions per key, keeping the chance of any repeat below 2^-32;
/// each cipher counts its seals and fails closed (`.sealLimitReached`) past
/// `sealLimit`. A segment that is reopened for appending must pass the
/// number of batches it already holds as `sealsAlreadyMade`. Bounded
/// segments stay far below the limit (a 1 GiB segment of 100-byte batches
/// is about 2^23 seals).
///
/// Copies: swift-crypto (4.5) has no AES-GCM call that writes into or reads
/// from memory the caller owns. Besides the cipher's own pass, `seal` copies
/// twice (`SealedBox` puts the nonce, ciphertext and tag together; then the
/// append to `output`) and so does `open` (`SealedBox` takes a copy of the
/// sealed bytes; then the append of the plaintext). Only the appends could
/// go, by handing out swift-crypto's `Data` instead of filling a buffer.
///
/// swift-crypto allocates its outputs afresh on every call. For batches
/// near 1 MiB, glibc gives that memory back to the kernel after every call
/// unless the process raises malloc's trim and mmap thresholds
/// (`M_TRIM_THRESHOLD`, `M_MMAP_THRESHOLD`), which is several times faster;
/// that is the executable's choice, not this type's (`portcullis` makes it).
public final class EnvelopeCipher: Sendable {
    public static let nonceByteCount = 12
    public static let tagByteCount = 16
    public static let overhead = nonceByteCount + tagByteCount
    public static let defaultSealLimit: UInt64 = 1 << 32

    public let sealLimit: UInt64
    private let key: SymmetricKey
    private let seals: Atomic<UInt64>

    public init(key: SymmetricKey, sealsAlreadyMade: UInt64 = 0, sealLimit: UInt64 = defaultSealLimit) throws(EnvelopeError) {
        guard key.bitCount == 256 else { throw .invalidKeySize(bitCount: key.bitCount) }
        self.key = key
        self.sealLimit = sealLimit
        seals = Atomic(sealsAlreadyMade)
    }

    /// How many seals this key has made (including `sealsAlreadyMade`).
    public var sealCount: UInt64 {
        seals.load(ordering: .relaxed)
    }

    /// Seals `plaintext`'s readable bytes, binding `associatedData`, and
    /// appends `nonce | ciphertext | tag` to `output`.
    public func seal(
        _ plaintext: ByteBuffer,
        authenticating associatedData: some DataProtocol,
        appendingTo output: inout ByteBuffer
    ) throws(EnvelopeError) {
        // Counted before sealing, and never taken back: past the limit every call fails.
        guard seals.wrappingAdd(1, ordering: .relaxed).newValue <= sealLimit else {
            throw .sealLimitReached(limit: sealLimit)
        }
        let box: AES.GCM.SealedBox
        do {
            box = try plaintext.withUnsafeReadableBytes { bytes in
                try AES.GCM.seal(bytes, using: key, nonce: AES.GCM.Nonce(), authenticating: associatedData)
            }
        } catch {
            // Unreachable: the key size was checked and a ByteBuffer (at most
            // 4 GiB) is within AES-GCM's 64 GiB message limit.
            preconditionFailure("AES-GCM refused to seal \(plaintext.readableBytes) bytes")
        }
        output.writeData(box.combined!)
    }

    /// Opens what `seal` wrote (the readable bytes of `sealed`) and appends
    /// the plaintext to `output`; on any mismatch `output` is unchanged.
    public func open(
        _ sealed: ByteBuffer,
        authenticating associatedData: some DataProtocol,
        appendingTo output: inout ByteBuffer
    ) throws(EnvelopeError) {
        guard sealed.readableBytes >= Self.overhead else { throw .truncated(byteCount: sealed.readableBytes) }
        let plaintext: Data
        do {
            plaintext = try sealed.withUnsafeReadableBytes { bytes in
                try AES.GCM.open(AES.GCM.SealedBox(combined: bytes), using: key, authenticating: associatedData)
            }
        } catch {
            throw .authenticationFailed
        }
        output.writeData(plaintext)
    }
}
