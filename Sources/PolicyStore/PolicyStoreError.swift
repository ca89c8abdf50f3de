import Authentication
import Authorization

/// Why the policy store refused or failed an operation. Descriptions name principals
/// and paths but never a credential's salt or keys, and never SQL or its arguments.
public enum PolicyStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidPrincipalName(NameProblem)
    case invalidActor(NameProblem)
    case duplicatePrincipal(String)
    /// ``PrincipalName/anonymous``, which only clients that did not authenticate hold.
    case reservedPrincipalName(String)
    case unknownPrincipal(String)
    case unknownScramCredential(principal: String, mechanism: ScramMechanism)
    case invalidScramCredential(String)
    /// An ACL the store refuses; the reason names the field but never echoes a control character.
    case invalidAcl(String)
    case invalidNetworkRule(String)
    case unknownNetworkRule(NetworkRule)
    /// A client quota (entity, key or value) the store refuses, with the reason.
    case invalidClientQuota(String)
    /// The policy directory or database is readable or writable by group or others.
    case insecurePermissions(path: String, mode: UInt32)
    case storageUnavailable(path: String, reason: String)
    /// The database was migrated by a newer Portcullis; this one refuses to guess at its meaning.
    case schemaNewerThanThisVersion(path: String)
    /// A row this version would never have written (edited by hand, or damaged).
    case corruptStore(String)
    /// SQLite cannot read the file as a database (SQLITE_NOTADB, SQLITE_CORRUPT): overwritten,
    /// cut short or damaged. Nothing is served from it.
    case unreadableDatabase(path: String, code: Int32, message: String)
    /// The database file exists but is empty: cut short. SQLite would read it as a new, empty store.
    case emptyDatabase(path: String)
    /// SQLite failed; `message` is SQLite's own, which names tables and columns but no values.
    case database(code: Int32, message: String)

    public var description: String {
        switch self {
        case .invalidPrincipalName(let problem): "invalid principal name: \(problem)"
        case .invalidActor(let problem): "invalid actor name: \(problem)"
        case .duplicatePrincipal(let name): "principal User:\(name) already exists"
        case .reservedPrincipalName(let name) where name.hasPrefix(PrincipalName.iamPrefix):
            "User:\(name) is an IAM principal's form (names starting with 'arn:' are reserved); choose another name"
        case .reservedPrincipalName(let name):
            "User:\(name) is reserved for clients that did not authenticate; choose another name"
        case .unknownPrincipal(let name): "no principal User:\(name)"
        case .unknownScramCredential(let principal, let mechanism): "User:\(principal) has no \(mechanism.rawValue) credential"
        case .invalidScramCredential(let reason): "invalid SCRAM credential: \(reason)"
        case .invalidAcl(let reason): "invalid ACL: \(reason)"
        case .invalidNetworkRule(let reason): "invalid network rule: \(reason)"
        case .unknownNetworkRule(let rule): "no network rule \(rule)"
        case .invalidClientQuota(let reason): "invalid client quota: \(reason)"
        case .insecurePermissions(let path, let mode):
            "\(path) has mode 0\(String(mode, radix: 8)); the policy store must be accessible by its owner only (chmod 700 for the directory, 600 for files)"
        case .storageUnavailable(let path, let reason): "cannot use the policy store at \(path): \(reason)"
        case .schemaNewerThanThisVersion(let path): "\(path) was written by a newer version of Portcullis; upgrade this one"
        case .corruptStore(let what): "the policy store is damaged: \(what)"
        case .unreadableDatabase(let path, let code, let message):
            "the policy store \(path) is not a readable Portcullis policy store database (SQLite error \(code): \(message)): \(Self.damagedStoreAdvice)"
        case .emptyDatabase(let path):
            "the policy store \(path) is empty (0 bytes) but was not just created: it was cut short; \(Self.damagedStoreAdvice)"
        case .database(let code, let message): "policy store database error \(code): \(message)"
        }
    }
}

extension PolicyStoreError {
    static let damagedStoreAdvice =
        "restore it from a backup, or move it away and recreate the policy with authctl (e.g. `authctl apply -f` from your policy files)"
}

/// What is wrong with a principal or actor name.
public enum NameProblem: Equatable, Sendable, CustomStringConvertible {
    case empty
    case tooLong(byteCount: Int)
    case controlCharacter
    /// Not in Unicode normalization form C: two spellings of one name would otherwise be two principals.
    case notNormalized

    public var description: String {
        switch self {
        case .empty: "it is empty"
        case .tooLong(let byteCount): "it is \(byteCount) bytes long in UTF-8; the limit is \(PrincipalName.maximumByteCount)"
        case .controlCharacter: "it contains a control character"
        case .notNormalized: "it is not in Unicode normalization form C (NFC)"
        }
    }
}
