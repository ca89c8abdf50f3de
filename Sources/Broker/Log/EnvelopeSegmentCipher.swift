import Foundation
import KeyManagement
import NIOCore

/// Envelope encryption of segments: each segment gets its own AES-256-GCM
/// data key from the key service, bound to the encryption context
/// `{topic, partition, baseOffset}`; only the wrapped key is stored, in the
/// segment's `.key` sidecar.
///
/// Give it a `CachingKeyService` so that reads unwrap from a bounded cache
/// of data keys while a disabled KEK still stops reads within the cache's
/// revalidation interval.
public struct EnvelopeSegmentCipher: SegmentCipher {
    public let keyService: any KeyService
    /// The KEK that wraps new segments' data keys (id or alias); rotating it
    /// makes the next segments use its new version.
    public let keyId: String

    public init(keyService: any KeyService, keyId: String) {
        self.keyService = keyService
        self.keyId = keyId
    }

    public func createKey(for segment: SegmentIdentity) async throws(LogError) -> (sealer: any BatchSealer, keyFile: SegmentKeyFile?) {
        let context = segment.encryptionContext
        do {
            let dataKey = try await keyService.generateDataKey(keyId: keyId, context: context)
            let sealer = AESGCMBatchSealer(cipher: try EnvelopeCipher(key: dataKey.plaintext))
            return (sealer, SegmentKeyFile(wrappedKey: dataKey.wrapped, encryptionContext: context))
        } catch {
            throw Self.logError(error)
        }
    }

    public func sealer(for segment: SegmentIdentity, keyFile: SegmentKeyFile?, sealsAlreadyMade: UInt64) async throws(LogError) -> any BatchSealer {
        let context = segment.encryptionContext
        guard let keyFile else {
            throw .invalidSegmentKey(path: segment.description, reason: "the segment has no .key file")
        }
        // The stored context is a copy for people; the one presented to the
        // service is the segment's own, so a sidecar moved to another segment fails.
        guard keyFile.encryptionContext == context else {
            throw .invalidSegmentKey(path: segment.description, reason: "the .key file belongs to another segment")
        }
        do {
            let key = try await keyService.decrypt(keyFile.wrappedKey, context: context)
            return AESGCMBatchSealer(cipher: try EnvelopeCipher(key: key, sealsAlreadyMade: sealsAlreadyMade))
        } catch {
            throw Self.logError(error)
        }
    }

    /// The service's refusal, or a data key of another size than AES-256's,
    /// which is the service's fault too.
    private static func logError(_ error: any Error) -> LogError {
        if let error = error as? KeyServiceError { return .keyService(error) }
        return .keyService(.serviceFailure("the key service returned a data key that is not 256 bits"))
    }
}

/// A `BatchSealer` over the key-management module's AES-256-GCM cipher.
struct AESGCMBatchSealer: BatchSealer {
    let cipher: EnvelopeCipher

    var overhead: Int { EnvelopeCipher.overhead }

    func seal(_ plaintext: ByteBuffer, authenticating associatedData: [UInt8], appendingTo output: inout ByteBuffer) throws(EnvelopeError) {
        try cipher.seal(plaintext, authenticating: associatedData, appendingTo: &output)
    }

    func open(_ sealed: ByteBuffer, authenticating associatedData: [UInt8], appendingTo output: inout ByteBuffer) throws(EnvelopeError) {
        try cipher.open(sealed, authenticating: associatedData, appendingTo: &output)
    }
}
