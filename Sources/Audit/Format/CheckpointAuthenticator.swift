import Crypto
import SecretHandling

/// Computes and checks checkpoint MACs: HMAC-SHA256, under the log's
/// checkpoint key, of a domain label and the checkpoint's seq, prev, time and
/// dropped count in fixed-width big-endian form (so no two checkpoints share
/// an input). prev fixes every record before the checkpoint through the chain.
public struct CheckpointAuthenticator: Sendable {
    static let macByteCount = 32
    private static let label = Array("portcullis audit checkpoint v1".utf8)

    private let key: SymmetricKey

    public init(key: SymmetricKey) {
        self.key = key
    }

    func mac(seq: UInt64, prev: ChainHash, time: AuditTime, dropped: Int) -> [UInt8] {
        var message = Self.label
        withUnsafeBytes(of: seq.bigEndian) { message.append(contentsOf: $0) }
        message.append(contentsOf: prev.bytes)
        withUnsafeBytes(of: time.microsecondsSinceEpoch.bigEndian) { message.append(contentsOf: $0) }
        withUnsafeBytes(of: Int64(dropped).bigEndian) { message.append(contentsOf: $0) }
        return Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
    }

    /// A checkpoint record sealing the chain up to `prev`.
    func checkpoint(seq: UInt64, prev: ChainHash, time: AuditTime, dropped: Int) -> AuditRecord {
        let mac = mac(seq: seq, prev: prev, time: time, dropped: dropped)
        return AuditRecord(seq: seq, prev: prev, content: .checkpoint(AuditCheckpoint(time: time, dropped: dropped, mac: mac)))
    }

    /// Whether `record` is a checkpoint whose MAC this key made.
    public func isAuthentic(_ record: AuditRecord) -> Bool {
        guard let checkpoint = record.checkpoint else { return false }
        let expected = mac(seq: record.seq, prev: record.prev, time: checkpoint.time, dropped: checkpoint.dropped)
        return constantTimeEquals(expected, checkpoint.mac)
    }
}
