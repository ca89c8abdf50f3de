import Authentication
import KafkaProtocol
import PolicyStore

extension PolicyAdministration {
    /// DescribeUserScramCredentials as Kafka answers it (`ScramImage.describe`): no users, or an empty list,
    /// means every user with a credential; a named user gets its mechanisms and iteration counts (never the
    /// salt or keys), RESOURCE_NOT_FOUND when it has no credential, and DUPLICATE_RESOURCE when named twice.
    /// One result per user, in the order first named (by name when listing all).
    func describeUserScramCredentials(_ request: DescribeUserScramCredentialsRequest) -> DescribeUserScramCredentialsResponse {
        let credentials: [String: [ScramMechanism: ScramCredential]]
        do throws(PolicyStoreError) {
            credentials = try store.snapshot().scramCredentials
        } catch {
            let failure = AdministrationError(error)
            return DescribeUserScramCredentialsResponse(errorCode: failure.code.rawValue, errorMessage: failure.message, results: [])
        }
        let named = request.users?.map(\.name) ?? []
        var timesNamed: [String: Int] = [:]
        for user in named { timesNamed[user, default: 0] += 1 }
        let users = named.isEmpty ? credentials.filter { !$0.value.isEmpty }.keys.sorted() : named.uniqued()
        return DescribeUserScramCredentialsResponse(errorCode: 0, errorMessage: nil, results: users.map { user in
            if timesNamed[user, default: 0] > 1 {
                return .init(
                    user: user, errorCode: KafkaErrorCode.duplicateResource.rawValue,
                    errorMessage: "Cannot describe SCRAM credentials for the same user twice in a single request: \(user)"
                )
            }
            guard let mechanisms = credentials[user], !mechanisms.isEmpty else {
                return .init(
                    user: user, errorCode: KafkaErrorCode.resourceNotFound.rawValue,
                    errorMessage: "Attempt to describe a user credential that does not exist: \(user)"
                )
            }
            let infos: [DescribeUserScramCredentialsResponse.CredentialInfo] = ScramMechanism.allCases.compactMap { mechanism in
                mechanisms[mechanism].map { .init(mechanism: mechanism.kafkaType, iterations: Int32($0.iterations)) }
            }
            return .init(user: user, errorCode: 0, errorMessage: nil, credentialInfos: infos)
        })
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    fileprivate func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
