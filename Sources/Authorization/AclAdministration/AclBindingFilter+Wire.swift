extension AclBindingFilter {
    /// A filter from a DescribeAcls request or a DeleteAcls filter, fields as
    /// on the wire: codes with ANY (1) for any, MATCH (2) for pattern types,
    /// nil strings for any. UNKNOWN (0), undefined or unsupported codes, and
    /// a principal or host that no ACL could have, are refused with the reason.
    public init(
        resourceTypeCode: Int8, name: String?, patternTypeCode: Int8,
        principal: String?, host: String?, operationCode: Int8, permissionCode: Int8
    ) throws(AclValidationError) {
        let patternType: PatternTypeFilter =
            switch try AclWireCode.patternType(patternTypeCode) {
            case .value(let value): .exactly(value)
            case .any: .any
            case .match: .match
            }
        self.init(
            resourceType: try AclWireCode.resourceType(resourceTypeCode).filterValue,
            name: name,
            patternType: patternType,
            principal: try principal.map { text throws(AclValidationError) in try AclWireCode.principal(text) },
            host: try host.map { text throws(AclValidationError) in try AclWireCode.host(text) },
            operation: try AclWireCode.operation(operationCode).filterValue,
            permission: try AclWireCode.permission(permissionCode).filterValue
        )
    }
}
