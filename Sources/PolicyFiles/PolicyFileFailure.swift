/// A policy file that cannot be read at all (missing, unlistable, not UTF-8), or a value refused
/// in the reader's own words; printed as it is.
public struct PolicyFileFailure: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
