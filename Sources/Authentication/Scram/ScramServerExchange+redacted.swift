/// An exchange holds the user's stored keys and both nonces while it runs: its renderings show only
/// the mechanism, the step and the claimed username.
extension ScramServerExchange: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "ScramServerExchange(\(mechanism.rawValue), \(step), claimedUsername: \(claimedUsername ?? "none"))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["mechanism": mechanism, "step": step, "claimedUsername": claimedUsername as Any], displayStyle: .struct)
    }
}
