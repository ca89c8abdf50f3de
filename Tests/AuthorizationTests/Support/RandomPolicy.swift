import Authorization

/// Random ACLs, network rules and requests over small alphabets, so that
/// names collide, prefix one another and differ only in bytes that Swift's
/// `==` would ignore (`é` and `e` + combining acute).
struct RandomPolicy {
    var generator: SeededGenerator

    private static let nameParts = ["a", "b", "ab", "e", "\u{301}", "\u{E9}", "*"]
    private static let users = ["alice", "bob", "carol", "dave", "*"]
    private static let aclHosts = ["*", "10.0.0.1", "10.0.0.2", "::ffff:10.0.0.3", "::1", "2001:db8::1"].map { AclHost(parsing: $0)! }
    private static let clients = ["10.0.0.1", "::ffff:10.0.0.1", "10.0.0.2", "10.0.0.3", "::ffff:10.0.0.3", "::1", "2001:db8::1", "192.0.2.1", "0.0.0.0"]
        .map { IPAddress($0)! }
    private static let blocks = [
        "0.0.0.0/0", "0.0.0.0/1", "128.0.0.0/1", "10.0.0.0/8", "10.0.0.0/31", "10.0.0.2/31", "10.0.0.1/32", "10.0.0.3/32",
        "::/0", "::/1", "::/127", "::1/128", "2001:db8::/32", "2001:db8::/127", "::ffff:10.0.0.0/104",
    ].map { try! CIDRBlock($0) }

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    private mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &generator) < probability }

    private mutating func pick<T>(_ choices: [T]) -> T { choices.randomElement(using: &generator)! }

    private mutating func name(maximumParts: Int) -> String {
        (0..<Int.random(in: 0...maximumParts, using: &generator)).map { _ in pick(Self.nameParts) }.joined()
    }

    /// An ACL's resource name: never empty, often exactly `*`.
    private mutating func patternName() -> String {
        chance(0.15) ? "*" : name(maximumParts: 3).nonEmpty(or: "a")
    }

    private mutating func resourceType() -> AclResourceType { chance(0.7) ? .topic : pick(AclResourceType.allCases) }

    private mutating func binding() -> AclBinding {
        let principal: AclPrincipal =
            switch Int.random(in: 0..<10, using: &generator) {
            case 0..<3: .anyUser
            case 3: .user("*")
            default: .user(pick(Array(Self.users.dropLast())))
            }
        let pattern = ResourcePattern(resourceType(), patternName(), pick(AclPatternType.allCases))
        let entry = AccessControlEntry(
            principal: principal, host: pick(Self.aclHosts), operation: pick(AclOperation.allCases),
            permission: pick(AclPermission.allCases))
        return AclBinding(pattern: pattern, entry: entry)
    }

    private mutating func networkRule() -> NetworkRule {
        let count = Int.random(in: 1...3, using: &generator)
        let operations: Set<AclOperation>? = chance(0.4) ? nil : Set((0..<count).map { _ in pick(AclOperation.allCases) })
        return NetworkRule(
            topicName: patternName(), patternType: pick(AclPatternType.allCases), block: pick(Self.blocks), operations: operations)
    }

    /// An ACL that differs from `original` in one field, so that ALLOWs and
    /// DENYs meet on the same names, principals and hosts.
    private mutating func variant(of original: AclBinding) -> AclBinding {
        let (pattern, entry) = (original.pattern, original.entry)
        let other = binding()
        var (patternType, host, operation, permission) = (pattern.patternType, entry.host, entry.operation, entry.permission)
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: permission = other.entry.permission
        case 1: patternType = other.pattern.patternType
        case 2: operation = other.entry.operation
        default: host = other.entry.host
        }
        return AclBinding(
            pattern: ResourcePattern(pattern.resourceType, pattern.name, patternType),
            entry: AccessControlEntry(principal: entry.principal, host: host, operation: operation, permission: permission))
    }

    private mutating func bindings() -> [AclBinding] {
        var bindings: [AclBinding] = []
        for _ in 0..<Int.random(in: 0...10, using: &generator) {
            if let original = bindings.randomElement(using: &generator), chance(0.4) {
                bindings.append(variant(of: original))
            } else {
                bindings.append(binding())
            }
        }
        return bindings
    }

    mutating func reference() -> ReferenceAuthorizer {
        ReferenceAuthorizer(
            bindings: bindings(),
            superUsers: Set(["alice", "dave", "*"].filter { _ in chance(0.1) }),
            allowEveryoneIfNoAclFound: chance(0.5),
            rules: (0..<Int.random(in: 0...6, using: &generator)).map { _ in networkRule() })
    }

    /// A request, often shaped after one of the ACLs (its user, host,
    /// operation or one it implies, and a name its pattern covers), so that
    /// ACLs apply as often as they miss.
    mutating func request(near bindings: [AclBinding], _ patterns: [ResourcePattern] = [])
        -> (user: String, client: IPAddress, operation: AclOperation, resource: ResourceName)
    {
        var request = (
            user: pick(Self.users), client: pick(Self.clients), operation: pick(AclOperation.allCases),
            resource: resource(near: bindings.map(\.pattern) + patterns))
        guard let binding = bindings.randomElement(using: &generator), chance(0.6) else { return request }
        if chance(0.8) { request.resource = resource(coveredBy: binding.pattern) }
        if case .user(let name) = binding.entry.principal, chance(0.8) { request.user = name }
        if case .address(let address) = binding.entry.host, chance(0.8) { request.client = address }
        if chance(0.7) { request.operation = pick(Array(binding.entry.operation.impliedByAllowing)) }
        return request
    }

    /// A resource to ask about, often one a pattern covers, so that ACLs and rules apply.
    private mutating func resource(near patterns: [ResourcePattern]) -> ResourceName {
        guard let pattern = patterns.randomElement(using: &generator), chance(0.5) else {
            return ResourceName(resourceType(), name(maximumParts: 4))
        }
        return resource(coveredBy: pattern)
    }

    private mutating func resource(coveredBy pattern: ResourcePattern) -> ResourceName {
        let suffix = pattern.patternType == .prefixed && chance(0.5) ? name(maximumParts: 2) : ""
        return ResourceName(pattern.resourceType, pattern.name + suffix)
    }
}

extension String {
    fileprivate func nonEmpty(or replacement: String) -> String { isEmpty ? replacement : self }
}

