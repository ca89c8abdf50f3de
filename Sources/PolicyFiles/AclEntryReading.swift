import Authorization
import Yams

/// An `acls:` entry: one principal's permission for some operations on one resource pattern,
/// from some hosts (every host by default); it stands for one ACL per host and operation, as
/// kafka-acls.sh expands its options.
enum AclEntryReading {
    static let resourceKeys: [(key: String, type: AclResourceType)] = [
        ("topic", .topic), ("group", .group), ("transactionalId", .transactionalId), ("cluster", .cluster),
    ]
    static let keys = ["principal", "permission", "operations", "hosts"] + resourceKeys.map(\.key) + ["patternType"]

    static func read(_ node: Node, with reader: inout YAMLFieldReader) -> [Located<AclBinding>] {
        guard let fields = reader.fields(of: node, what: "an ACL", known: keys, required: ["principal", "permission", "operations"]) else {
            return []
        }
        let principal = fields["principal"].flatMap { reader.parsed($0, key: "principal", parse: AclArgumentParsing.principal) }
        let permission = fields["permission"].flatMap { reader.parsed($0, key: "permission", parse: permissionNamed) }
        let operations = fields["operations"].flatMap { reader.parsedList($0, key: "operations", parse: AclArgumentParsing.operation) }
        let hosts = fields["hosts"].map { reader.parsedList($0, key: "hosts", parse: AclArgumentParsing.host) } ?? [AclHost.any]
        let pattern = resourcePattern(fields, of: node, with: &reader)
        guard let principal, let permission, let operations, let hosts, let pattern else { return [] }

        let location = reader.location(of: node)
        let supported = pattern.resourceType.supportedOperations.union([.all])
        if let foreign = operations.first(where: { !supported.contains($0) }) {
            let names = supported.sorted().map(\.description).joined(separator: ", ")
            reader.note("\(foreign) is not an operation on \(pattern.resourceType) resources; give some of \(names)", at: location)
            return []
        }
        let bindings = hosts.flatMap { host in
            operations.map { operation in
                AclBinding(pattern: pattern, entry: AccessControlEntry(principal: principal, host: host, operation: operation, permission: permission))
            }
        }
        for binding in bindings {
            if let problem = Self.problem(with: binding) {
                reader.note(problem, at: location)
                return []
            }
        }
        return bindings.map { Located(value: $0, location: location) }
    }

    /// The one resource the entry names, with its pattern type; notes none, several, or a
    /// pattern type for the cluster.
    private static func resourcePattern(_ fields: [String: Node], of node: Node, with reader: inout YAMLFieldReader) -> ResourcePattern? {
        let named = resourceKeys.filter { fields[$0.key] != nil }
        guard named.count == 1, let resource = named.first, let nameNode = fields[resource.key] else {
            reader.note("an ACL names exactly one resource: topic, group, transactionalId or cluster", at: node)
            return nil
        }
        if resource.type == .cluster, let patternType = fields["patternType"] {
            reader.note("the Cluster resource is LITERAL \(AclResourceType.clusterName); drop 'patternType'", at: patternType)
            return nil
        }
        let patternType = fields["patternType"].map { reader.parsed($0, key: "patternType", parse: PatternTypeParsing.patternType) }
            ?? AclPatternType.literal
        guard let name = reader.string(nameNode, key: resource.key), let patternType else { return nil }
        return ResourcePattern(resource.type, name, patternType)
    }

    private static func permissionNamed(_ text: String) throws -> AclPermission {
        guard let permission = AclPermission(name: text) else { throw PolicyFileFailure("give ALLOW or DENY") }
        return permission
    }

    /// What Kafka would refuse (an empty name, another name for the cluster, PREFIXED *), then
    /// what the store would.
    private static func problem(with binding: AclBinding) -> String? {
        do {
            try binding.validate()
        } catch {
            return error.description
        }
        return binding.storageProblem
    }
}
