import Authentication

/// A SASL mechanism a listener offers, by the name clients ask for in SaslHandshake.
public enum SaslMechanism: Hashable, Sendable, CustomStringConvertible {
    case scram(ScramMechanism)
    /// AWS's IAM tokens: `OAUTHBEARER` (aws-msk-iam-sasl-signer) or `AWS_MSK_IAM` (aws-msk-iam-auth).
    case iam(IamTokenKind)

    public init?(name: String) {
        if let scram = ScramMechanism(rawValue: name) {
            self = .scram(scram)
        } else if let kind = IamTokenKind.allCases.first(where: { $0.mechanismName == name }) {
            self = .iam(kind)
        } else {
            return nil
        }
    }

    /// Kafka's name for it (`SCRAM-SHA-512`, `OAUTHBEARER`, ...).
    public var name: String {
        switch self {
        case .scram(let mechanism): mechanism.rawValue
        case .iam(let kind): kind.mechanismName
        }
    }

    public var description: String { name }

    /// The mechanism names a listener accepts in `sasl.enabled.mechanisms`, for error messages.
    static let supportedNames = ScramMechanism.allCases.map(\.rawValue) + IamTokenKind.allCases.map(\.mechanismName)
}
