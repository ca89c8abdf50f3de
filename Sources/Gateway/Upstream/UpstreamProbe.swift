import KafkaProtocol
import Logging
import NIOCore
import NIOPosix

/// The gateway's own questions to the upstream cluster: which API versions it
/// serves and where its brokers are. Asked at start and again while the
/// gateway runs, so a cluster that comes up later, grows, or upgrades is seen.
struct UpstreamProbe: Sendable {
    let cluster: UpstreamCluster
    let connector: UpstreamConnector
    let logger: Logger
    /// Upstream responses to the probe are trusted but still bounded.
    static let maximumResponseLength = 64 << 20
    /// A probe that gets no answer in this time gives up, so a broker that
    /// accepts connections but does not answer never stalls the gateway.
    static let timeout: TimeAmount = .seconds(5)

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
        let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
        let channel = try await connector.connect(to: endpoint, on: eventLoop) { channel in
            try channel.pipeline.syncOperations.addHandler(
                ByteToMessageHandler(KafkaFrameDecoder(maximumFrameLength: Self.maximumResponseLength))
            )
        }.flatMapThrowing { connection in
            try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: connection.channel)
        }.get()
        let deadline = eventLoop.scheduleTask(in: Self.timeout) { channel.channel.close(promise: nil) }
        defer { deadline.cancel() }
        try await channel.executeThenClose { responses, requests in
            var frames = responses.makeAsyncIterator()
            func ask(_ body: KafkaRequestBody, version: Int16, correlationId: Int32) async throws -> KafkaResponseBody {
                let header = RequestHeader(
                    requestApiKey: body.apiKey.rawValue, requestApiVersion: version,
                    correlationId: correlationId, clientId: "portcullis-gateway"
                )
                var buffer = ByteBuffer()
                try KafkaRequestFrame(header: header, body: body).encode(into: &buffer)
                try await requests.write(buffer)
                guard let frame = try await frames.next() else { throw UpstreamProbeError.closed }
                let response = try KafkaResponseFrame(decoding: frame, apiKey: body.apiKey, apiVersion: version)
                guard response.header.correlationId == correlationId else { throw UpstreamProbeError.outOfOrder }
                return response.body
            }

            // ApiVersions v0 is what every broker answers; it lists the full table.
            guard case .apiVersions(let versions) = try await ask(.apiVersions(ApiVersionsRequest()), version: 0, correlationId: 1),
                  versions.errorCode == KafkaErrorCode.none.rawValue
            else { throw UpstreamProbeError.refused(.apiVersions) }
            cluster.learn(apiVersions: versions.apiKeys)

            guard let metadataVersions = cluster.apis?.versions[.metadata] else { throw UpstreamProbeError.refused(.metadata) }
            let request = MetadataRequest(topics: [], allowAutoTopicCreation: false)
            guard case .metadata(let metadata) = try await ask(.metadata(request), version: metadataVersions.upperBound, correlationId: 2)
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
