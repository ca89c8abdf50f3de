/// A security-group-like rule for topics: clients in `block` may do
/// `operations` (all of them when nil) on the topics `topics` covers. Once
/// any rule covers a topic and an operation, a client outside every such
/// rule is denied it, whatever the ACLs say; a topic no rule covers is left
/// to the ACLs alone. Rules bind every principal, super users included.
public struct NetworkRule: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The topic name and how it matches (LITERAL, `*` for every topic, or PREFIXED).
    public let topics: ResourcePattern
    public let block: CIDRBlock
    /// nil: every operation.
    public let operations: Set<AclOperation>?

    public init(topicName: String, patternType: AclPatternType = .literal, block: CIDRBlock, operations: Set<AclOperation>? = nil) {
        self.topics = ResourcePattern(.topic, topicName, patternType)
        self.block = block
        self.operations = operations?.contains(.all) == true ? nil : operations
    }

    /// Whether the rule speaks about `operation` on `topic`.
    public func covers(topic: String, operation: AclOperation) -> Bool {
        topics.matches(ResourceName(.topic, topic)) && (operations?.contains(operation) ?? true)
    }

    /// `Topic:PREFIXED:orders- from 10.0.0.0/8 for Read,Write`.
    public var description: String {
        let what = operations.map { $0.sorted().map(\.description).joined(separator: ",") } ?? "All"
        return "\(topics) from \(block) for \(what)"
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.description < rhs.description }
}
