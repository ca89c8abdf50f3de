/// Where clients of one listener reach each upstream broker node through the
/// gateway. With a port base, node N is advertised at base + N; without one,
/// the upstream must be a single node, advertised at the listener's own port.
struct AdvertisedNodes: Sendable, Equatable {
    let host: String
    let listenerPort: Int
    let nodePortBase: Int?

    /// The gateway port for a node, or nil when it has none (a node id that
    /// would fall outside the port range).
    func port(forNode nodeId: Int32) -> Int? {
        guard let base = nodePortBase else { return listenerPort }
        let port = base + Int(nodeId)
        return (1...65535).contains(port) && nodeId >= 0 ? port : nil
    }
}
