import Authorization

extension AclAuthorizer {
    init(_ bindings: [AclBinding], superUsers: Set<String> = [], allowEveryoneIfNoAclFound: Bool = false) {
        self.init(bindings: bindings, superUsers: superUsers, allowEveryoneIfNoAclFound: allowEveryoneIfNoAclFound)
    }

    /// Whether `user` from `host` may do `operation` on the topic (or another resource) `name`.
    func allows(
        _ user: String, _ operation: AclOperation, _ name: String, type: AclResourceType = .topic, from host: IPAddress = someClient
    ) -> Bool {
        authorize(user: user, host: host, operation: operation, resource: ResourceName(type, name)).allowed
    }
}
