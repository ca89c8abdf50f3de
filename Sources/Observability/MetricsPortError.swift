/// The metrics port could not be bound (in use, or an address not on this host).
public struct MetricsPortError: Error, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let reason: String

    public var description: String {
        "cannot serve metrics on \(host):\(port): \(reason) (set metrics.listen, or --metrics-port for dev, to a free port)"
    }
}
