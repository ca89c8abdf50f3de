import Authorization

extension NetworkRule {
    /// Why the store would refuse this rule, or nil.
    public var storageProblem: String? {
        if let problem = ResourceNameRule.problem(with: topics.name, label: "topic name") { return problem }
        guard let operations else { return nil }
        if operations.isEmpty { return "the rule names no operation, so it would cover nothing" }
        let topicOperations = AclResourceType.topic.supportedOperations
        if let foreign = operations.subtracting(topicOperations).min() {
            let names = topicOperations.sorted().map(\.description).joined(separator: ", ")
            return "\(foreign) is not an operation on topics; give All or some of \(names)"
        }
        return nil
    }
}
