/// Why `portcullis dev` cannot start.
enum DevClusterError: Error, CustomStringConvertible {
    /// The decision log's checkpoint key comes from the broker's KMS, which a broker without encryption lacks.
    case decisionLogNeedsEncryption

    var description: String {
        switch self {
        case .decisionLogNeedsEncryption: "the decision log needs the broker tier's KMS, and encryption is off"
        }
    }
}
