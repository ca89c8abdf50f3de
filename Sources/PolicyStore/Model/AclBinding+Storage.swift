import Authorization

extension AclBinding {
    /// Why the store would refuse this ACL, or nil. Kafka's CreateAcls accepts the same ACLs
    /// (it also allows operations that do not apply to the resource type, which never match),
    /// except for names with control characters and principal names the store would refuse.
    public var storageProblem: String? {
        if let problem = ResourceNameRule.problem(with: pattern.name, label: "resource name") { return problem }
        if case .user(let name) = entry.principal {
            if name == "*" { return "User:* is the wildcard principal (AclPrincipal.anyUser), not a user named *" }
            if let problem = PrincipalName.problem(with: name) { return "the principal's name is invalid: \(problem)" }
        }
        // The host is stored as text; an IPv4-mapped IPv6 address would read back as IPv4.
        if AclHost(parsing: entry.host.description) != entry.host {
            return "the host \(entry.host) is an IPv4-mapped IPv6 address; give the IPv4 address"
        }
        return nil
    }
}
