import ArgumentParser
import Authorization

/// The request `authctl check` asks about: who, from where, doing what to which resource.
struct CheckedRequestOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp("The client's principal: User:NAME (User:ANONYMOUS for a client that did not authenticate).", valueName: "principal"),
        transform: CheckedRequestOptions.userName
    )
    var principal: String

    @Option(
        help: ArgumentHelp("The operation the request needs, Kafka's name in any case: Read, Write, Describe, ...", valueName: "operation"),
        transform: AclArgumentParsing.operation
    )
    var operation: AclOperation

    @Option(
        help: ArgumentHelp("The client's IP address, as the gateway sees it (ACL hosts and network rules match it).", valueName: "address"),
        transform: CheckedRequestOptions.address
    )
    var host: IPAddress

    @Option(help: ArgumentHelp("The topic the request is on.", valueName: "topic"))
    var topic: String?

    @Option(help: ArgumentHelp("The consumer group the request is on.", valueName: "group"))
    var group: String?

    @Flag(help: "The request is on the cluster (Cluster:kafka-cluster).")
    var cluster = false

    @Option(name: .customLong("transactional-id"), help: ArgumentHelp("The transactional id the request is on.", valueName: "id"))
    var transactionalId: String?

    func validate() throws {
        let resourceType = try resource().resourceType
        if operation == .all {
            throw ValidationError("a request needs one operation; All is what an ACL grants, never what a request asks")
        }
        guard resourceType.supportedOperations.contains(operation) else {
            let names = resourceType.supportedOperations.sorted().map(\.description).joined(separator: ", ")
            throw ValidationError("\(operation) is not an operation on \(resourceType) resources; give one of \(names)")
        }
    }

    /// The one resource named.
    func resource() throws -> ResourceName {
        let named: [ResourceName] = [
            topic.map { ResourceName(.topic, $0) }, group.map { ResourceName(.group, $0) },
            cluster ? .cluster : nil, transactionalId.map { ResourceName(.transactionalId, $0) },
        ].compactMap { $0 }
        guard named.count == 1, let resource = named.first else {
            throw ValidationError("name exactly one resource: --topic, --group, --cluster or --transactional-id")
        }
        return resource
    }

    /// A request comes from one user, so `User:*` is refused; the name is kept without `User:`.
    private static func userName(_ text: String) throws -> String {
        guard case .user(let name) = try AclArgumentParsing.principal(text) else {
            throw CommandFailure("a request comes from one user: give User:NAME, not User:*")
        }
        return name
    }

    private static func address(_ text: String) throws -> IPAddress {
        guard let address = IPAddress(text) else {
            throw CommandFailure("give the client's IPv4 or IPv6 address, not a name or a range")
        }
        return address
    }
}
