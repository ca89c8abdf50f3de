// TEMPORARY until branch `admin` lands with the real answers; replaced at that merge.
import KafkaProtocol
import PolicyStore

struct PolicyAdministration: Sendable {
    let store: PolicyStore

    init(store: PolicyStore) {
        self.store = store
    }

    static let versions: [KafkaApiKey: ClosedRange<Int16>] = [:]

    func answer(_ request: KafkaRequestBody, version: Int16, actor: String) -> KafkaResponseBody {
        .refusal(of: request, errorCode: KafkaErrorCode.unknownServerError.rawValue)
    }
}
