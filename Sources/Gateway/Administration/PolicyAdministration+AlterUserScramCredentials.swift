import KafkaProtocol
import PolicyStore

extension PolicyAdministration {
    /// AlterUserScramCredentials as Kafka's controller answers it (`ScramControlManager.alterCredentials`): one
    /// result per user, in the order first named. The valid changes are made in one transaction; a user that
    /// does not exist yet is created by an upsertion, since in Kafka credentials are what make a user. Deleting
    /// a credential that does not exist is RESOURCE_NOT_FOUND, a name the store refuses (`User:ANONYMOUS`, control
    /// characters) UNACCEPTABLE_CREDENTIAL; when the store fails, every user with a valid change gets its error.
    func alterUserScramCredentials(_ request: AlterUserScramCredentialsRequest, actor: String) -> AlterUserScramCredentialsResponse {
        let alterations = ScramCredentialAlterations(request)
        let pending = alterations.pending
        var refusals = alterations.refusals
        if !pending.isEmpty {
            do throws(PolicyStoreError) {
                let outcomes = try store.applyScramCredentialChanges(pending.map(\.change), actor: actor)
                for (user, outcome) in zip(pending.map(\.user), outcomes) {
                    refusals[user] = outcome.map(AdministrationError.init)
                }
            } catch {
                for user in pending.map(\.user) { refusals[user] = AdministrationError(error) }
            }
        }
        return AlterUserScramCredentialsResponse(results: alterations.users.map { user in
            let refusal = refusals[user]
            return .init(user: user, errorCode: refusal?.code.rawValue ?? 0, errorMessage: refusal?.message)
        })
    }
}
