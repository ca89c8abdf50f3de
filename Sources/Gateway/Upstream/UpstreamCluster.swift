import KafkaProtocol
import Synchronization

/// What the gateway knows about the upstream cluster, shared by every
/// connection: where its brokers are and which API versions it serves.
///
/// Broker addresses are learned from the bootstrap probe and from every
/// Metadata response passing through, before it is rewritten.
final class UpstreamCluster: Sendable {
    let bootstrap: [UpstreamEndpoint]
    private let state: Mutex<State>

    private struct State {
        var nodes: [Int32: UpstreamEndpoint] = [:]
        var apis: NegotiatedApis?
        /// Whether the probe's last round reached a bootstrap broker.
        var lastProbeAnswered = false
    }

    init(bootstrap: [UpstreamEndpoint]) {
        self.bootstrap = bootstrap
        self.state = Mutex(State())
    }

    /// The negotiated API table, or nil before the upstream has answered.
    var apis: NegotiatedApis? { state.withLock { $0.apis } }

    func endpoint(ofNode nodeId: Int32) -> UpstreamEndpoint? {
        state.withLock { $0.nodes[nodeId] }
    }

    var nodeIds: [Int32] { state.withLock { $0.nodes.keys.sorted() } }

    var lastProbeAnswered: Bool { state.withLock { $0.lastProbeAnswered } }

    func recordProbe(answered: Bool) {
        state.withLock { $0.lastProbeAnswered = answered }
    }

    func learn(apiVersions: [ApiVersionsResponse.ApiVersion]) {
        let apis = NegotiatedApis(upstream: apiVersions)
        state.withLock { $0.apis = apis }
    }

    func learn(brokers: [MetadataResponse.MetadataResponseBroker]) {
        guard !brokers.isEmpty else { return }
        state.withLock { state in
            for broker in brokers {
                state.nodes[broker.nodeId] = UpstreamEndpoint(host: broker.host, port: Int(broker.port))
            }
        }
    }
}
