import ArgumentParser
import Authorization
import PolicyStore

/// What `acl add` and `acl remove` name: for each resource, the entries to add or remove, expanded
/// from the options as kafka-acls.sh expands them (`AclCommand.getResourceFilterToAcls`).
struct AclRequest {
    let entriesByResource: [AclResourceFilter: Set<AccessControlEntry>]

    init(resources: AclResourceOptions, entries: AclEntryOptions) throws {
        let filters = try resources.filters()
        guard !filters.isEmpty else {
            throw ValidationError("name at least one resource: --topic, --group, --cluster or --transactional-id")
        }
        try Self.checkShortcutResources(resources, entries)
        var expanded: [AclResourceFilter: Set<AccessControlEntry>] = [:]
        func allow(_ operations: Set<AclOperation>, on type: AclResourceType) {
            for filter in filters where filter.resourceType == type {
                expanded[filter, default: []].formUnion(entries.entries(for: operations))
            }
        }
        if !entries.producer, !entries.consumer {
            for filter in filters {
                expanded[filter] = entries.entries(for: entries.requestedOperations)
            }
        }
        if entries.producer {
            allow([.write, .describe, .create], on: .topic)
            allow([.write, .describe], on: .transactionalId)
            if entries.idempotent {
                let cluster = AclResourceFilter(resourceType: .cluster, name: AclResourceType.clusterName, patternTypeFilter: .literal)
                expanded[cluster, default: []].formUnion(entries.entries(for: [.idempotentWrite]))
            }
        }
        if entries.consumer {
            allow([.read, .describe], on: .topic)
            allow([.read], on: .group)
        }
        try Self.checkOperationsApply(expanded)
        entriesByResource = expanded
    }

    /// The ACLs to add, sorted.
    func bindingsToAdd() throws -> [AclBinding] {
        try entriesByResource.sorted { $0.key < $1.key }.flatMap { filter, entries in
            guard let pattern = filter.pattern else {
                throw ValidationError("--resource-pattern-type \(filter.patternTypeFilter.rawValue) selects ACLs to list or remove; add with literal or prefixed")
            }
            guard !entries.isEmpty else {
                throw ValidationError("give --allow-principal or --deny-principal: whom the ACLs allow or deny")
            }
            return entries.sorted().map { AclBinding(pattern: pattern, entry: $0) }
        }
    }

    /// Whether `acl remove` takes a stored ACL: its pattern matches a named resource and, when
    /// principals were given, it is one of the entries they make; without principals, every ACL
    /// of the resource goes, as with kafka-acls.sh.
    func selects(_ binding: AclBinding) -> Bool {
        entriesByResource.contains { filter, entries in
            filter.matches(binding.pattern) && (entries.isEmpty || entries.contains(binding.entry))
        }
    }

    /// kafka-acls.sh's rules for the shortcuts, plus refusals of the resources it would silently ignore.
    private static func checkShortcutResources(_ resources: AclResourceOptions, _ entries: AclEntryOptions) throws {
        if entries.producer, resources.topics.isEmpty {
            throw ValidationError("--producer needs a --topic")
        }
        if entries.consumer, resources.topics.isEmpty || resources.groups.isEmpty {
            throw ValidationError("--consumer needs a --topic and a --group")
        }
        guard entries.producer || entries.consumer else { return }
        if resources.cluster {
            throw ValidationError("--producer and --consumer make no ACL for --cluster (--idempotent adds the producer's IdempotentWrite on it)")
        }
        if !entries.producer, !resources.transactionalIds.isEmpty {
            throw ValidationError("--transactional-id is for --producer")
        }
        if !entries.consumer, !resources.groups.isEmpty {
            throw ValidationError("--group is for --consumer")
        }
    }

    /// kafka-acls.sh refuses operations that never apply to the resource type (`validateOperation`).
    private static func checkOperationsApply(_ entriesByResource: [AclResourceFilter: Set<AccessControlEntry>]) throws {
        for (filter, entries) in entriesByResource {
            let supported = filter.resourceType.supportedOperations.union([.all])
            if let foreign = entries.map(\.operation).filter({ !supported.contains($0) }).min() {
                let names = supported.sorted().map(\.description).joined(separator: ", ")
                throw ValidationError("\(filter.resourceType) ACLs take only the operations \(names); \(foreign) is not one of them")
            }
        }
    }
}
