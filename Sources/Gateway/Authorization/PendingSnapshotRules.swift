// TEMPORARY until the policy store's ACL tables land; deleted at that merge.
import Authorization
import PolicyStore

extension PolicySnapshot {
    var acls: [AclBinding] { [] }
    var networkRules: [NetworkRule] { [] }
}
