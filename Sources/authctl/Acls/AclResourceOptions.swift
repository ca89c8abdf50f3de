import ArgumentParser
import Authorization

/// The resources an `acl` command names, with kafka-acls.sh's options.
struct AclResourceOptions: ParsableArguments {
    @Option(name: .customLong("topic"), help: ArgumentHelp("A topic, or * for every topic (repeatable).", valueName: "topic"))
    var topics: [String] = []

    @Option(
        name: .customLong("group"),
        help: ArgumentHelp("A consumer group, or * for every group (repeatable).", valueName: "group")
    )
    var groups: [String] = []

    @Flag(help: "The cluster (Cluster:LITERAL:kafka-cluster).")
    var cluster = false

    @Option(
        name: .customLong("transactional-id"),
        help: ArgumentHelp("A transactional id, or * for every one (repeatable).", valueName: "id")
    )
    var transactionalIds: [String] = []

    @Option(
        name: .customLong("resource-pattern-type"),
        help: ArgumentHelp("""
            literal (the default) or prefixed. list and remove also take any (every pattern type, \
            exactly the given name) and match (every pattern that covers the given resource: its \
            literal name, the literal *, and every prefix of it).
            """, valueName: "type")
    )
    var patternType: AclPatternTypeFilter = .literal

    /// Every resource named, each with --resource-pattern-type.
    func filters() throws -> [AclResourceFilter] {
        // kafka-acls.sh silently drops --cluster unless the pattern type is literal; here a prefixed
        // one is refused, and any and match select as they do for other resources.
        if cluster, patternType == .prefixed {
            throw ValidationError("the Cluster resource is LITERAL kafka-cluster; --cluster cannot be prefixed")
        }
        let named: [(AclResourceType, [String])] = [
            (.topic, topics), (.group, groups), (.cluster, cluster ? [AclResourceType.clusterName] : []),
            (.transactionalId, transactionalIds),
        ]
        return named.flatMap { type, names in names.map { AclResourceFilter(resourceType: type, name: $0, patternTypeFilter: patternType) } }
    }
}
