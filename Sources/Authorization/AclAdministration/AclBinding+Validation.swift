extension AclBinding {
    /// An ACL from a CreateAcls request, fields as on the wire, checked as
    /// Kafka checks a new ACL (`AclControlManager.validateNewAcl`,
    /// `AclApis.handleCreateAcls`) and with `validate()`.
    public init(
        resourceTypeCode: Int8, name: String, patternTypeCode: Int8,
        principal: String, host: String, operationCode: Int8, permissionCode: Int8
    ) throws(AclValidationError) {
        let pattern = ResourcePattern(
            try AclWireCode.resourceType(resourceTypeCode).required(.resourceType, code: resourceTypeCode),
            name,
            try AclWireCode.patternType(patternTypeCode).required(.patternType, code: patternTypeCode)
        )
        let entry = AccessControlEntry(
            principal: try AclWireCode.principal(principal),
            host: try AclWireCode.host(host),
            operation: try AclWireCode.operation(operationCode).required(.operation, code: operationCode),
            permission: try AclWireCode.permission(permissionCode).required(.permission, code: permissionCode)
        )
        self.init(pattern: pattern, entry: entry)
        try validate()
    }

    /// Checks what the types leave open, before an ACL is stored: a name
    /// (Kafka refuses empty ones), `kafka-cluster` for the Cluster, a user
    /// name. Unlike Kafka, PREFIXED `*` is refused: it covers only names
    /// that start with `*`, which is never what was meant.
    public func validate() throws(AclValidationError) {
        if pattern.name.isEmpty { throw AclValidationError(.emptyResourceName) }
        if pattern.resourceType == .cluster, !pattern.name.isExactly(AclResourceType.clusterName) {
            throw AclValidationError(.invalidClusterName(pattern.name))
        }
        if pattern.patternType == .prefixed, pattern.name == ResourcePattern.wildcard {
            throw AclValidationError(.prefixedWildcard)
        }
        if case .user("") = entry.principal { throw AclValidationError(.invalidPrincipal(entry.principal.description)) }
    }
}
