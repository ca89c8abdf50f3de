import Authorization

/// The baseline: Kafka's rules as a scan over every ACL (and every network
/// rule), what an evaluator without an index costs.
struct PlainScan {
    let bindings: [AclBinding]
    let rules: [NetworkRule]
    let superUsers: Set<String>

    func authorizeWithNetworkRules(user: String, host: IPAddress, operation: AclOperation, resource: ResourceName) -> Bool {
        if resource.resourceType == .topic {
            let covering = rules.filter { $0.covers(topic: resource.name, operation: operation) }
            if !covering.isEmpty, !covering.contains(where: { $0.block.contains(host) }) { return false }
        }
        return authorize(user: user, host: host, operation: operation, resource: resource)
    }

    func authorize(user: String, host: IPAddress, operation: AclOperation, resource: ResourceName) -> Bool {
        if superUsers.contains(user) { return true }
        var allowed = false
        for binding in bindings where binding.pattern.matches(resource) {
            let entry = binding.entry
            guard entry.principal.matches(userName: user), entry.host.matches(host) else { continue }
            switch entry.permission {
            case .deny where entry.operation == .all || entry.operation == operation: return false
            case .allow where entry.operation.impliedByAllowing.contains(operation): allowed = true
            default: continue
            }
        }
        return allowed
    }
}
