import Authorization

/// `patternType:` in ACLs and network rules: LITERAL (the default) or PREFIXED, any case.
enum PatternTypeParsing {
    static func patternType(_ text: String) throws -> AclPatternType {
        guard let patternType = AclPatternType(name: text) else {
            throw PolicyFileFailure("give LITERAL (the exact name; * for every one) or PREFIXED (every name that starts with it)")
        }
        return patternType
    }
}
