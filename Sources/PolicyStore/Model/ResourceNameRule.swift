/// What the store accepts as the name in a resource pattern (a topic, group, transactional id
/// or prefix). Kafka allows any non-empty text; the store also refuses control characters,
/// which would reach terminals and logs, as it does in principal names.
enum ResourceNameRule {
    /// The problem with `name`, worded with `label` ("resource name", "topic name"), or nil.
    static func problem(with name: String, label: String) -> String? {
        if name.isEmpty { return "the \(label) is empty" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "the \(label) contains a control character"
        }
        return nil
    }
}
