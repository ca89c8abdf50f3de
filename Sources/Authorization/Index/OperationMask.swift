/// A set of operations as bits (bit n for the operation with code n), so that
/// asking whether an ACL or a network rule speaks to the requested operation
/// costs one AND in the evaluators' inner loops instead of a hash lookup.
struct OperationMask: Sendable, Hashable {
    private let bits: UInt16

    static let all = OperationMask(AclOperation.allCases)

    init(_ operations: some Sequence<AclOperation>) {
        bits = operations.reduce(0) { $0 | 1 << UInt16($1.rawValue) }
    }

    func contains(_ operation: AclOperation) -> Bool {
        bits & 1 << UInt16(operation.rawValue) != 0
    }
}
