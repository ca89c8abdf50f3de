/// The ACLs indexed twice: by resource pattern for `authorize` (in each
/// pattern's group, ordered by principal number, so a principal's ACLs are
/// found by binary search) and by resource type and principal for
/// `authorizeByResourceType`.
struct AclIndex: Sendable {
    let patterns: PatternIndex<IndexedAcl>
    /// The principal numbers of `patterns.elements`, apart: the binary
    /// searches read these few bytes, not whole ACLs.
    private let principals: [Int32]
    let byTypeAndPrincipal: [AclResourceType: [Int32: [IndexedAcl]]]

    init(_ acls: [(pattern: ResourcePattern, acl: IndexedAcl)]) {
        let ordered = acls.sorted { ($0.acl.principal, $0.acl.binding) < ($1.acl.principal, $1.acl.binding) }
        patterns = PatternIndex(ordered.map { ($0.pattern, $0.acl) })
        principals = patterns.elements.map(\.principal)
        byTypeAndPrincipal = Dictionary(grouping: ordered, by: \.pattern.resourceType)
            .mapValues { Dictionary(grouping: $0.map(\.acl), by: \.principal) }
    }

    /// The range of `principal`'s ACLs within `group`, a range of `patterns.elements`.
    func acls(of principal: Int32, in group: Range<Int>) -> Range<Int> {
        firstIndex(in: group) { $0 >= principal }..<firstIndex(in: group) { $0 > principal }
    }

    /// The first index in `group` whose ACL's principal number passes `test` (monotonic), by binary search.
    private func firstIndex(in group: Range<Int>, where test: (Int32) -> Bool) -> Int {
        var low = group.lowerBound
        var high = group.upperBound
        while low < high {
            let middle = (low + high) / 2
            if test(principals[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
