import KafkaProtocol
import NIOCore
import NIOPosix

/// One connection of the gateway's own to an upstream broker, on which it
/// asks questions in turn (the probe's ApiVersions and Metadata, the storage
/// sampler's DescribeLogDirs). The connection is made by the connector, so
/// the upstream's TLS and SASL apply; it is closed when the questions are
/// done, or when `timeout` runs out first, so a broker that accepts
/// connections but never answers stalls nobody.
struct UpstreamConversation {
    /// Upstream answers to the gateway's own questions are trusted but still bounded.
    static let maximumResponseLength = 64 << 20
    /// A whole conversation, connection included, that takes longer is cut off.
    static let timeout: TimeAmount = .seconds(5)

    private var frames: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let requests: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var nextCorrelationId: Int32 = 1

    /// Connects to `endpoint`, lets `body` ask its questions, and closes.
    static func with<Answer: Sendable>(
        _ endpoint: UpstreamEndpoint,
        connector: UpstreamConnector,
        timeout: TimeAmount = Self.timeout,
        maximumResponseLength: Int = Self.maximumResponseLength,
        _ body: (inout UpstreamConversation) async throws -> Answer
    ) async throws -> Answer {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
        let connecting = connector.connect(to: endpoint, on: eventLoop) { channel in
            try channel.pipeline.syncOperations.addHandler(
                ByteToMessageHandler(KafkaFrameDecoder(maximumFrameLength: maximumResponseLength))
            )
        }
        // Closes whatever was connected once the time is up; a connection not made yet fails on its own connect timeout.
        let deadline = eventLoop.scheduleTask(in: timeout) {
            connecting.whenSuccess { $0.channel.close(promise: nil) }
        }
        defer { deadline.cancel() }
        let channel = try await connecting.flatMapThrowing { connection in
            try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: connection.channel)
        }.get()
        return try await channel.executeThenClose { responses, requests in
            var conversation = UpstreamConversation(frames: responses.makeAsyncIterator(), requests: requests)
            return try await body(&conversation)
        }
    }

    private init(frames: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator, requests: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.frames = frames
        self.requests = requests
    }

    /// Sends one request and waits for its response.
    mutating func ask(_ body: KafkaRequestBody, version: Int16) async throws -> KafkaResponseBody {
        let correlationId = nextCorrelationId
        nextCorrelationId += 1
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

    /// The upstream's ApiVersions table. v0 is what every broker answers, and it lists the full table.
    mutating func apiVersions() async throws -> [ApiVersionsResponse.ApiVersion] {
        guard case .apiVersions(let versions) = try await ask(.apiVersions(ApiVersionsRequest()), version: 0),
              versions.errorCode == KafkaErrorCode.none.rawValue
        else { throw UpstreamProbeError.refused(.apiVersions) }
        return versions.apiKeys
    }
}

extension Array where Element == ApiVersionsResponse.ApiVersion {
    /// The highest version of `api` both this table and the gateway's codec know, or nil when they share none.
    func highestVersion(of api: KafkaApiKey) -> Int16? {
        guard let advertised = first(where: { $0.apiKey == api.rawValue }) else { return nil }
        let upper = Swift.min(advertised.maxVersion, api.validVersions.upperBound)
        return Swift.max(advertised.minVersion, api.validVersions.lowerBound) <= upper ? upper : nil
    }
}
