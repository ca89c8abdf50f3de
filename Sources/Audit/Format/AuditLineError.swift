/// Why a line is not a record of the decision log.
public struct AuditLineError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
