/// Why a text is not a CIDR block; the description quotes the text and, for
/// host bits, the block that was probably meant.
public struct CIDRBlockParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case invalidAddress
        case invalidPrefixLength
        case prefixLengthTooLong(maximum: Int)
        /// Bits past the prefix are set; `network` is the block with them cleared.
        case hostBitsSet(network: String)
    }

    public let input: String
    public let reason: Reason

    public init(input: String, reason: Reason) {
        self.input = input
        self.reason = reason
    }

    public var description: String {
        let problem =
            switch reason {
            case .invalidAddress: "the address is not an IPv4 or IPv6 address"
            case .invalidPrefixLength: "the prefix length is not a decimal number"
            case .prefixLengthTooLong(let maximum): "the prefix length is longer than \(maximum)"
            case .hostBitsSet(let network): "bits past the prefix are set (did you mean \(network)?)"
            }
        return "'\(input)' is not a CIDR block: \(problem)"
    }
}
