import KafkaProtocol
import PolicyStore

/// Answers the Kafka admin APIs that manage the policy store itself. Blocking (SQLite): call off the event loops.
///
/// These APIs are never forwarded: the gateway's own store, not the upstream's, decides what its clients
/// may do. Each answer follows Apache Kafka's broker and controller (`AclApis`, `AclControlManager`,
/// `ScramControlManager`, `ScramImage.describe`, `ClientQuotaControlManager`); the caller has already authorized
/// the request (Alter on the Cluster for changes, Describe for descriptions, or a super user; AlterConfigs and
/// DescribeConfigs for the client quota APIs, as Kafka asks).
struct PolicyAdministration: Sendable {
    let store: PolicyStore

    init(store: PolicyStore) {
        self.store = store
    }

    /// The APIs it answers, with the versions it answers (all the codec's versions of them, `KafkaApiKey.x.validVersions`).
    static let versions: [KafkaApiKey: ClosedRange<Int16>] = [
        .createAcls: KafkaApiKey.createAcls.validVersions,
        .describeAcls: KafkaApiKey.describeAcls.validVersions,
        .deleteAcls: KafkaApiKey.deleteAcls.validVersions,
        .describeUserScramCredentials: KafkaApiKey.describeUserScramCredentials.validVersions,
        .alterUserScramCredentials: KafkaApiKey.alterUserScramCredentials.validVersions,
        .describeClientQuotas: KafkaApiKey.describeClientQuotas.validVersions,
        .alterClientQuotas: KafkaApiKey.alterClientQuotas.validVersions,
    ]

    /// The response to `request` (one of `versions`' APIs), in the shape of `version`; `actor` is who asks
    /// (`User:NAME`), recorded as the actor of every change in the store's admin_changes. Never throws:
    /// store failures become the API's error codes (e.g. UNKNOWN_SERVER_ERROR / per-entry errors with a message).
    ///
    /// The codec gives each version its shape: version 0 of the ACL APIs carries no pattern type and decodes
    /// as LITERAL, as Kafka reads it, so its answers hold only LITERAL ACLs. Any other API is refused with
    /// UNSUPPORTED_VERSION, as a broker refuses an API it does not serve.
    func answer(_ request: KafkaRequestBody, version: Int16, actor: String) -> KafkaResponseBody {
        switch request {
        case .createAcls(let create): .createAcls(createAcls(create, actor: actor))
        case .describeAcls(let describe): .describeAcls(describeAcls(describe))
        case .deleteAcls(let delete): .deleteAcls(deleteAcls(delete, actor: actor))
        case .describeUserScramCredentials(let describe): .describeUserScramCredentials(describeUserScramCredentials(describe))
        case .alterUserScramCredentials(let alter): .alterUserScramCredentials(alterUserScramCredentials(alter, actor: actor))
        case .describeClientQuotas(let describe): .describeClientQuotas(describeClientQuotas(describe))
        case .alterClientQuotas(let alter): .alterClientQuotas(alterClientQuotas(alter, actor: actor))
        default: .refusal(of: request, errorCode: KafkaErrorCode.unsupportedVersion.rawValue)
        }
    }
}
