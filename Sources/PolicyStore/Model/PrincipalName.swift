import Foundation

/// The rules a principal name (the NAME of `User:NAME`) and an actor name must follow.
/// Names reach logs, terminals and the decision log, so control characters are refused;
/// names must be NFC because SQLite compares bytes while Swift compares canonical equivalence.
public enum PrincipalName {
    public static let maximumByteCount = 255

    /// `User:ANONYMOUS`, Kafka's principal for a client that did not authenticate, which the gateway
    /// gives every client of a listener without authentication. The store reserves it so that no one
    /// can authenticate as, or pass for, such a client. Exactly this spelling: Kafka's principal names
    /// are case-sensitive, so `anonymous` is an ordinary name.
    public static let anonymous = "ANONYMOUS"

    /// The start of an ARN: IAM principals are `User:arn:aws:iam::…` in ACLs and the decision log,
    /// so no store principal (SCRAM user, certificate principal) may take such a name and pass for one.
    public static let iamPrefix = "arn:"

    /// Refuses ``anonymous`` and ARNs: no principal, credential or certificate may be made for them.
    public static func requireUnreserved(_ name: String) throws(PolicyStoreError) {
        if isReserved(name) { throw .reservedPrincipalName(name) }
    }

    static func isReserved(_ name: String) -> Bool {
        name == anonymous || name.hasPrefix(iamPrefix)
    }

    /// The first rule `name` breaks, or nil when it is acceptable.
    public static func problem(with name: String) -> NameProblem? {
        if name.isEmpty { return .empty }
        let byteCount = name.utf8.count
        if byteCount > maximumByteCount { return .tooLong(byteCount: byteCount) }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return .controlCharacter }
        if !name.utf8.elementsEqual(name.precomposedStringWithCanonicalMapping.utf8) { return .notNormalized }
        return nil
    }

    static func validate(_ name: String) throws(PolicyStoreError) {
        if let problem = problem(with: name) { throw .invalidPrincipalName(problem) }
    }

    static func validateActor(_ actor: String) throws(PolicyStoreError) {
        if let problem = problem(with: actor) { throw .invalidActor(problem) }
    }
}
