/// The condition keys a policy may test, and what kind of value each holds.
/// Key names are case-insensitive, as IAM's are.
///
/// MSK's `kafka-cluster` service defines no service-specific condition keys;
/// its Service Authorization Reference lists one key, `aws:ResourceTag/${TagKey}`
/// (on the cluster resource). The gateway has no resource tags, so
/// `aws:ResourceTag/…` (and `aws:RequestTag/…`, `aws:PrincipalTag/…`) are
/// accepted and always absent: `StringEquals` on them is false,
/// `StringNotEquals` true, `…IfExists` true. Any other key is refused when
/// the document is parsed: a misspelt key would otherwise be silently absent.
public enum IamConditionKey: Sendable, Hashable, CustomStringConvertible {
    case sourceIp
    case currentTime
    case epochTime
    case principalArn
    case username
    case userId
    case principalAccount
    case secureTransport
    /// A tag key the gateway cannot supply (always absent); holds the name as written.
    case alwaysAbsent(String)

    enum ValueKind: Sendable {
        case string, address, date, bool
    }

    init?(name: String) {
        let lowered = name.lowercased()
        switch lowered {
        case "aws:sourceip": self = .sourceIp
        case "aws:currenttime": self = .currentTime
        case "aws:epochtime": self = .epochTime
        case "aws:principalarn": self = .principalArn
        case "aws:username": self = .username
        case "aws:userid": self = .userId
        case "aws:principalaccount": self = .principalAccount
        case "aws:securetransport": self = .secureTransport
        default:
            let absent = ["aws:resourcetag/", "aws:requesttag/", "aws:principaltag/"]
            guard absent.contains(where: { lowered.hasPrefix($0) && lowered.count > $0.count }) else { return nil }
            self = .alwaysAbsent(name)
        }
    }

    static let supportedNames = [
        "aws:SourceIp", "aws:CurrentTime", "aws:EpochTime", "aws:PrincipalArn", "aws:username", "aws:userid",
        "aws:PrincipalAccount", "aws:SecureTransport", "aws:ResourceTag/<key> (always absent)",
    ]

    var kind: ValueKind {
        switch self {
        case .sourceIp: .address
        case .currentTime, .epochTime: .date
        case .secureTransport: .bool
        case .principalArn, .username, .userId, .principalAccount, .alwaysAbsent: .string
        }
    }

    public var description: String {
        switch self {
        case .sourceIp: "aws:SourceIp"
        case .currentTime: "aws:CurrentTime"
        case .epochTime: "aws:EpochTime"
        case .principalArn: "aws:PrincipalArn"
        case .username: "aws:username"
        case .userId: "aws:userid"
        case .principalAccount: "aws:PrincipalAccount"
        case .secureTransport: "aws:SecureTransport"
        case .alwaysAbsent(let name): name
        }
    }

    /// The key's value in the request, nil when absent.
    func value(in context: IamRequestContext) -> IamConditionValue? {
        switch self {
        case .sourceIp: context.sourceIp.map(IamConditionValue.address)
        case .currentTime, .epochTime: context.currentTime.map(IamConditionValue.date)
        case .principalArn: context.principalArn.map(IamConditionValue.string)
        case .username: context.username.map(IamConditionValue.string)
        case .userId: context.userId.map(IamConditionValue.string)
        case .principalAccount: context.principalAccount.map(IamConditionValue.string)
        case .secureTransport: context.secureTransport.map(IamConditionValue.bool)
        case .alwaysAbsent: nil
        }
    }
}

/// A condition key's value in a request.
enum IamConditionValue {
    case string(String)
    case address(IPAddress)
    case date(IamTimestamp)
    case bool(Bool)
}
