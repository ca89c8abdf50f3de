extension AclAuthorizer {
    /// The operations among those the resource's type supports that `user`
    /// may do on it: what Kafka reports in authorized-operations fields
    /// (`AuthHelper.authorizedOperations`); `kafkaBitField` gives the field.
    public func authorizedOperations(user: String, host: IPAddress, resource: ResourceName) -> Set<AclOperation> {
        resource.resourceType.supportedOperations.filter {
            authorize(user: user, host: host, operation: $0, resource: resource).allowed
        }
    }
}
