import ArgumentParser
import Authorization
import PolicyFiles

/// The request `authctl check` asks about: who, from where, doing what to which resource.
struct CheckedRequestOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The client's principal: User:NAME (User:ANONYMOUS for a client that did not authenticate), or an IAM principal's ARN, with or without User: (arn:aws:iam::ACCOUNT:user/NAME, arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION).",
            valueName: "principal"
        ),
        transform: CheckedRequestOptions.userName
    )
    var principal: String

    @Option(
        help: ArgumentHelp("The operation the request needs, Kafka's name in any case: Read, Write, Describe, ...", valueName: "operation"),
        transform: AclArgumentParsing.operation
    )
    var operation: AclOperation?

    @Option(
        help: ArgumentHelp(
            "Instead of --operation: the IAM action the request needs (kafka-cluster:WriteData, ...), standing for its Kafka operation on the resource named.",
            valueName: "action"
        ),
        transform: CheckedRequestOptions.iamAction
    )
    var action: IamAction?

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

    /// Whether the principal is an IAM principal (an ARN), whose policies decide with the ACLs.
    var isIamPrincipal: Bool { principal.hasPrefix("arn:") }

    func validate() throws {
        let resourceType = try resource().resourceType
        let operation = try requestedOperation()
        if operation == .all {
            throw ValidationError("a request needs one operation; All is what an ACL grants, never what a request asks")
        }
        guard resourceType.supportedOperations.contains(operation) else {
            let names = resourceType.supportedOperations.sorted().map(\.description).joined(separator: ", ")
            throw ValidationError("\(operation) is not an operation on \(resourceType) resources; give one of \(names)")
        }
    }

    /// The operation asked about: `--operation`, or the Kafka operation that `--action` stands for
    /// on the resource's type (as the gateway maps operations to actions).
    func requestedOperation() throws -> AclOperation {
        let resourceType = try resource().resourceType
        switch (operation, action) {
        case (let operation?, nil):
            return operation
        case (nil, let action?):
            let operations = AclOperation.allCases.filter { IamAction(operation: $0, resourceType: resourceType) == action }.sorted()
            guard let operation = operations.first else {
                if action == .connect {
                    throw ValidationError("\(action) is checked with every request and at authentication; ask about the request's own action")
                }
                let option = switch action.resourceType {
                case .topic: "--topic"
                case .group: "--group"
                case .cluster: "--cluster"
                case .transactionalId: "--transactional-id"
                }
                throw ValidationError("\(action) is an action on \(action.resourceType) resources, not on \(resourceType) resources: name the resource with \(option)")
            }
            return operation
        case (.some, .some):
            throw ValidationError("give --operation or --action, not both")
        case (nil, nil):
            throw ValidationError("give the operation (--operation Write) or the IAM action (--action kafka-cluster:WriteData)")
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
    /// An IAM principal's ARN may come without `User:`.
    private static func userName(_ text: String) throws -> String {
        if text.hasPrefix("arn:") { return text }
        guard case .user(let name) = try AclArgumentParsing.principal(text) else {
            throw CommandFailure("a request comes from one user: give User:NAME, not User:*")
        }
        return name
    }

    private static func iamAction(_ text: String) throws -> IamAction {
        guard let action = IamAction(qualifiedName: text) else {
            let hint = text.lowercased().hasPrefix("kafka:") ? " (MSK's data-plane actions are kafka-cluster:, not kafka:)" : ""
            throw CommandFailure("give one of MSK's kafka-cluster: actions, such as kafka-cluster:WriteData\(hint)")
        }
        return action
    }

    private static func address(_ text: String) throws -> IPAddress {
        guard let address = IPAddress(text) else {
            throw CommandFailure("give the client's IPv4 or IPv6 address, not a name or a range")
        }
        return address
    }
}
