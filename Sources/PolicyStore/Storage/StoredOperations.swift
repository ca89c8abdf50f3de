import Authorization

/// A rule's operations as stored: `All`, or the operations' names in Kafka's code order joined by commas.
struct StoredOperations: CustomStringConvertible {
    /// nil: every operation.
    let operations: Set<AclOperation>?

    init(_ operations: Set<AclOperation>?) {
        self.operations = operations
    }

    init?(parsing text: String) {
        if text == AclOperation.all.description {
            operations = nil
            return
        }
        var parsed: Set<AclOperation> = []
        for name in text.split(separator: ",", omittingEmptySubsequences: false) {
            // All only stands alone: a list holding it would read back as All and be stored twice.
            guard let operation = AclOperation(name: String(name)), operation != .all else { return nil }
            parsed.insert(operation)
        }
        operations = parsed
    }

    var names: [String] { operations.map { $0.sorted().map(\.description) } ?? [AclOperation.all.description] }

    var description: String { names.joined(separator: ",") }
}
