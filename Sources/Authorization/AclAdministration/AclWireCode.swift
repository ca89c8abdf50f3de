/// Kafka's wire codes for the fields of ACLs and ACL filters, decoded:
/// UNKNOWN (0) and undefined codes are errors, ANY (1) and MATCH (2, pattern
/// types only) are the filters' wildcards.
enum AclWireCode {
    enum Decoded<Value> {
        case value(Value)
        case any
        case match
    }

    static func resourceType(_ code: Int8) throws(AclValidationError) -> Decoded<AclResourceType> {
        try decode(code, .resourceType, AclResourceType.init(rawValue:), unsupported: 6...7)
    }

    static func patternType(_ code: Int8) throws(AclValidationError) -> Decoded<AclPatternType> {
        try decode(code, .patternType, AclPatternType.init(rawValue:), allowsMatch: true)
    }

    static func operation(_ code: Int8) throws(AclValidationError) -> Decoded<AclOperation> {
        try decode(code, .operation, AclOperation.init(rawValue:), unsupported: 13...14)
    }

    static func permission(_ code: Int8) throws(AclValidationError) -> Decoded<AclPermission> {
        try decode(code, .permission, AclPermission.init(rawValue:))
    }

    static func principal(_ text: String) throws(AclValidationError) -> AclPrincipal {
        guard let principal = AclPrincipal(parsing: text) else { throw AclValidationError(.invalidPrincipal(text)) }
        return principal
    }

    static func host(_ text: String) throws(AclValidationError) -> AclHost {
        guard let host = AclHost(parsing: text) else { throw AclValidationError(.invalidHost(text)) }
        return host
    }

    private static func decode<Value>(
        _ code: Int8, _ field: AclValidationError.Field, _ value: (Int8) -> Value?,
        allowsMatch: Bool = false, unsupported: ClosedRange<Int8>? = nil
    ) throws(AclValidationError) -> Decoded<Value> {
        if let value = value(code) { return .value(value) }
        if code == 1 { return .any }
        if code == 2, allowsMatch { return .match }
        if unsupported?.contains(code) == true { throw AclValidationError(.unsupportedCode(field, code)) }
        throw AclValidationError(.unknownCode(field, code))
    }
}

extension AclWireCode.Decoded {
    /// The value of a field an ACL must give (ANY and MATCH are refused).
    func required(_ field: AclValidationError.Field, code: Int8) throws(AclValidationError) -> Value {
        guard case .value(let value) = self else { throw AclValidationError(.filterOnlyCode(field, code)) }
        return value
    }

    /// The value of a filter's field; nil for ANY. MATCH reaches here only for pattern types.
    var filterValue: Value? {
        if case .value(let value) = self { value } else { nil }
    }
}
