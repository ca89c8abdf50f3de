import Authentication
import GRDB

/// One change that Kafka's AlterUserScramCredentials asks of a principal's SCRAM credentials.
public enum ScramCredentialChange: Sendable, Equatable {
    /// Stores the credential, replacing the principal's one for its mechanism. A principal the store does
    /// not know is created, enabled and not a super user: in Kafka, SCRAM credentials are what make a user.
    case upsert(ScramCredential, principal: String)
    case delete(ScramMechanism, principal: String)
}

extension PolicyStore {
    /// Applies `changes` in one transaction, as Kafka's controller applies one request's changes
    /// atomically. A change the store refuses (a name or credential it would not store, ``PrincipalName/anonymous``)
    /// or a deletion of a credential that does not exist is passed over without stopping the others; the result
    /// holds, at each change's index, why it was not made, or nil when it was. Each change made is recorded
    /// (`user.add` for a principal created, `scram.set`, `scram.delete`).
    public func applyScramCredentialChanges(
        _ changes: [ScramCredentialChange], actor: String
    ) throws(PolicyStoreError) -> [PolicyStoreError?] {
        try PrincipalName.validateActor(actor)
        let refusals = changes.map(\.refusal)
        let now = Timestamp.now()
        return try write { db in
            var outcomes = refusals
            for (index, change) in changes.enumerated() where refusals[index] == nil {
                do {
                    try Self.apply(change, in: db, at: now.text, actor: actor)
                } catch let missing as PolicyStoreError {
                    outcomes[index] = missing
                }
            }
            return outcomes
        }
    }

    /// Throws only ``PolicyStoreError`` for a deletion with nothing to delete; anything else is SQLite's
    /// and ends the transaction.
    private static func apply(_ change: ScramCredentialChange, in db: Database, at: String, actor: String) throws {
        switch change {
        case .upsert(let credential, let name):
            if try !PolicyRows.principalExists(db, name) {
                try insertPrincipal(name, enabled: true, superUser: false, in: db, at: at, actor: actor)
            }
            try upsertCredential(credential, for: name, in: db, at: at, actor: actor)
        case .delete(let mechanism, let name):
            try deleteCredential(mechanism, for: name, in: db, at: at, actor: actor)
        }
    }
}

extension ScramCredentialChange {
    /// Why the store refuses this change whatever it holds, or nil: the checks of
    /// ``PolicyStore/setScramCredential(_:for:actor:)`` and ``PolicyStore/deleteScramCredential(_:for:actor:)``.
    fileprivate var refusal: PolicyStoreError? {
        do throws(PolicyStoreError) {
            switch self {
            case .upsert(let credential, let name):
                try PrincipalName.validate(name)
                try PrincipalName.requireUnreserved(name)
                if let problem = credential.storageProblem { throw .invalidScramCredential(problem) }
            case .delete(_, let name):
                try PrincipalName.validate(name)
            }
            return nil
        } catch {
            return error
        }
    }
}
