/// StoredKey and ServerKey allow an offline attack on the password and impersonation of the server:
/// no rendering of a credential shows them.
extension ScramCredential: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "ScramCredential(\(mechanism.rawValue), iterations: \(iterations), keys: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["mechanism": mechanism, "iterations": iterations], displayStyle: .struct)
    }
}
