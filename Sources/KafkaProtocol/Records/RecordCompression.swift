/// The codec of a batch's records (attribute bits 0-2).
public enum RecordCompression: Hashable, Sendable {
    case none
    case gzip
    case snappy
    case lz4
    case zstd
    /// A codec id Kafka does not define (5-7), kept so the batch can still be
    /// forwarded or reported as it is.
    case unknown(Int16)

    init(codec: Int16) {
        switch codec {
        case 0: self = .none
        case 1: self = .gzip
        case 2: self = .snappy
        case 3: self = .lz4
        case 4: self = .zstd
        default: self = .unknown(codec)
        }
    }
}
