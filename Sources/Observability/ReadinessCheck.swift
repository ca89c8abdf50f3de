/// One condition `/readyz` requires: a name and a check that answers nil
/// when it holds, or why it does not. Checks run on each request and must
/// be quick (read state the process keeps, do not open connections).
public struct ReadinessCheck: Sendable {
    public let name: String
    public let check: @Sendable () -> String?

    public init(_ name: String, check: @escaping @Sendable () -> String?) {
        self.name = name
        self.check = check
    }
}
