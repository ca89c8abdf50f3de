/// How the gateway measures client quotas and bounds connections (the
/// quotas themselves are in the policy store).
public struct QuotaSettings: Sendable, Equatable {
    public var window = QuotaWindow()
    public var connections = ConnectionLimits()

    public init() {}
}
