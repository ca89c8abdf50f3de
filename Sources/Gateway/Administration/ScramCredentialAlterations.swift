import Authentication
import KafkaProtocol
import PolicyStore
import SecretHandling

/// What an AlterUserScramCredentials request asks for each user it names, decided as Kafka's
/// `ScramControlManager.alterCredentials` decides before anything is written: deletions first, then
/// upsertions; a user named by a second change gets DUPLICATE_RESOURCE and none of its changes (even for
/// another mechanism); a user whose first change is invalid gets that change's error, and later ones are ignored.
struct ScramCredentialAlterations {
    /// Every user the request names, once, in the order first named.
    private(set) var users: [String] = []
    private var changes: [String: ScramCredentialChange] = [:]
    private(set) var refusals: [String: AdministrationError] = [:]

    init(_ request: AlterUserScramCredentialsRequest) {
        for deletion in request.deletions {
            consider(deletion.name) { () throws(AdministrationError) in
                .delete(try Self.mechanism(for: deletion.name, code: deletion.mechanism), principal: deletion.name)
            }
        }
        for upsertion in request.upsertions {
            consider(upsertion.name) { () throws(AdministrationError) in try Self.change(upsertion) }
        }
    }

    /// The changes for the store, with their users, in the order the users were first named.
    var pending: [(user: String, change: ScramCredentialChange)] {
        users.compactMap { user in changes[user].map { (user, $0) } }
    }

    /// Validates a user's change only when it is the user's first and the user has no error yet, as Kafka does.
    private mutating func consider(_ user: String, _ change: () throws(AdministrationError) -> ScramCredentialChange) {
        if changes[user] == nil, refusals[user] == nil { users.append(user) }
        guard refusals[user] == nil else { return }
        if changes.removeValue(forKey: user) != nil {
            refusals[user] = AdministrationError(.duplicateResource, "A user credential cannot be altered twice in the same request")
            return
        }
        do throws(AdministrationError) {
            changes[user] = try change()
        } catch {
            refusals[user] = error
        }
    }

    /// The credential to store, derived from the client's salted password, which is zeroed once used.
    private static func change(_ upsertion: AlterUserScramCredentialsRequest.ScramCredentialUpsertion) throws(AdministrationError) -> ScramCredentialChange {
        let mechanism = try mechanism(for: upsertion.name, code: upsertion.mechanism)
        var saltedPassword = Array(upsertion.saltedPassword.readableBytesView)
        defer { SecretBytes.zero(&saltedPassword) }
        do throws(ScramCredentialError) {
            let credential = try ScramCredential.derive(
                mechanism: mechanism, saltedPassword: saltedPassword, salt: Array(upsertion.salt.readableBytesView),
                iterations: Int(upsertion.iterations)
            )
            return .upsert(credential, principal: upsertion.name)
        } catch {
            throw AdministrationError(error)
        }
    }

    /// Kafka's first checks of either change (`validateScramUsernameAndMechanism`), in its order.
    private static func mechanism(for user: String, code: Int8) throws(AdministrationError) -> ScramMechanism {
        if user.isEmpty { throw AdministrationError(.unacceptableCredential, "Username must not be empty") }
        guard let mechanism = ScramMechanism(kafkaType: code) else {
            throw AdministrationError(.unsupportedSaslMechanism, "Unknown SCRAM mechanism \(code): give 1 (SCRAM-SHA-256) or 2 (SCRAM-SHA-512)")
        }
        return mechanism
    }
}
