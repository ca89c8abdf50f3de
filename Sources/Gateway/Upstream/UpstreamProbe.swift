import KafkaProtocol
import Logging

/// The gateway's own questions to the upstream cluster: which API versions it
/// serves and where its brokers are. Asked at start and again while the
/// gateway runs, so a cluster that comes up later, grows, or upgrades is seen.
struct UpstreamProbe: Sendable {
    let cluster: UpstreamCluster
    let connector: UpstreamConnector
    let logger: Logger

    /// Refreshes the cluster's API table and broker list from the first
    /// bootstrap broker that answers. Returns whether one did.
    @discardableResult
    func refresh() async -> Bool {
        for endpoint in cluster.bootstrap {
            do {
                try await refresh(from: endpoint)
                cluster.recordProbe(answered: true)
                return true
            } catch {
                logger.warning("upstream probe failed", metadata: ["upstream": "\(endpoint)", "error": "\(error)"])
            }
        }
        cluster.recordProbe(answered: false)
        return false
    }

    /// Refreshes every `interval` until cancelled, faster while the upstream
    /// is unreachable, calling `refreshed` after each answer.
    func run(interval: Duration, refreshed: @Sendable () async -> Void) async {
        while !Task.isCancelled {
            let answered = await refresh()
            if answered { await refreshed() }
            try? await Task.sleep(for: answered ? interval : .seconds(1))
        }
    }

    private func refresh(from endpoint: UpstreamEndpoint) async throws {
        try await UpstreamConversation.with(endpoint, connector: connector) { upstream in
            cluster.learn(apiVersions: try await upstream.apiVersions())
            guard let metadataVersions = cluster.apis?.versions[.metadata] else { throw UpstreamProbeError.refused(.metadata) }
            let request = MetadataRequest(topics: [], allowAutoTopicCreation: false)
            guard case .metadata(let metadata) = try await upstream.ask(.metadata(request), version: metadataVersions.upperBound)
            else { throw UpstreamProbeError.refused(.metadata) }
            cluster.learn(brokers: metadata.brokers)
        }
    }
}

enum UpstreamProbeError: Error, CustomStringConvertible {
    case closed
    case outOfOrder
    case refused(KafkaApiKey)

    var description: String {
        switch self {
        case .closed: "the upstream closed the connection"
        case .outOfOrder: "the upstream answered with another correlation id"
        case .refused(let api): "the upstream refused \(api.name)"
        }
    }
}
