import Authentication

/// A SASL mechanism a listener offers, by the name clients ask for in SaslHandshake.
public enum SaslMechanism: Hashable, Sendable, CustomStringConvertible {
    case scram(ScramMechanism)

    public init?(name: String) {
        if let scram = ScramMechanism(rawValue: name) {
            self = .scram(scram)
        } else {
            return nil
        }
    }

    /// Kafka's name for it (`SCRAM-SHA-512`, ...).
    public var name: String {
        switch self {
        case .scram(let mechanism): mechanism.rawValue
        }
    }

    public var description: String { name }

    /// The mechanism names a listener accepts in `sasl.enabled.mechanisms`, for error messages.
    static let supportedNames = ScramMechanism.allCases.map(\.rawValue)
}
