import Authorization

/// How `acl` commands print ACLs: kafka-acls.sh's layout, or JSON.
enum AclListing {
    /// "HEADING `Topic:LITERAL:orders`:", then one tab-indented entry per line, per resource
    /// pattern, with a blank line between patterns. `note` adds a parenthesized remark to an entry.
    static func text(_ bindings: [AclBinding], heading: String, note: (AclBinding) -> String? = { _ in nil }) -> String {
        let byPattern = Dictionary(grouping: bindings, by: \.pattern)
        return byPattern.keys.sorted().map { pattern in
            let lines = byPattern[pattern, default: []].sorted().map { binding in
                "\t\(binding.entry)" + (note(binding).map { " (\($0))" } ?? "")
            }
            return (["\(heading) `\(pattern)`:"] + lines).joined(separator: "\n") + "\n"
        }.joined(separator: "\n")
    }

    /// One object per ACL, for `--output json`.
    struct Record: Encodable {
        let resourceType: String
        let patternType: String
        let resourceName: String
        let principal: String
        let host: String
        let operation: String
        let permission: String

        init(_ binding: AclBinding) {
            resourceType = binding.pattern.resourceType.description
            patternType = binding.pattern.patternType.description
            resourceName = binding.pattern.name
            principal = binding.entry.principal.description
            host = binding.entry.host.description
            operation = binding.entry.operation.description
            permission = binding.entry.permission.description
        }
    }
}
