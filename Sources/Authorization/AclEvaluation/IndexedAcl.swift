/// One ACL as the evaluator checks it, its resource pattern being where the
/// `PatternIndex` files it.
struct IndexedAcl: Sendable {
    /// `IndexedAcl.anyUser` for `User:*`, otherwise the user's number in `AclAuthorizer.users`.
    let principal: Int32
    let permission: AclPermission
    /// The requested operations the ACL decides: for an ALLOW its operation
    /// and those it implies; for a DENY its operation alone (every one for All).
    let operations: OperationMask
    let host: AclHost
    /// Where the ACL is in `AclAuthorizer.bindings`, to name it in a decision.
    let binding: Int32

    static let anyUser: Int32 = 0

    init(_ entry: AccessControlEntry, principal: Int32, binding: Int) {
        self.principal = principal
        self.permission = entry.permission
        self.operations =
            switch entry.permission {
            case .allow: OperationMask(entry.operation.impliedByAllowing)
            case .deny: entry.operation == .all ? .all : OperationMask([entry.operation])
            }
        self.host = entry.host
        self.binding = Int32(binding)
    }
}
