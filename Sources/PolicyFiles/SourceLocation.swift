/// A place in a policy file, printed `file:line:column` as compilers print one, so that editors
/// and CI annotations can point at it.
public struct SourceLocation: CustomStringConvertible, Sendable {
    public let file: String
    public let line: Int
    public let column: Int

    public var description: String { "\(file):\(line):\(column)" }
}

/// A declared value and where it was declared, so that a repeat can point at the first one.
struct Located<Value> {
    let value: Value
    let location: SourceLocation
}
