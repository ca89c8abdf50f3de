import Foundation

/// The rules a principal name (the NAME of `User:NAME`) and an actor name must follow.
/// Names reach logs, terminals and the decision log, so control characters are refused;
/// names must be NFC because SQLite compares bytes while Swift compares canonical equivalence.
public enum PrincipalName {
    public static let maximumByteCount = 255

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
