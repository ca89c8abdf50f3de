import Broker
import KafkaProtocol
import NIOCore
import NIOPosix

/// A plain Kafka client connection for tests: sends one request at a time
/// and decodes the response with the API and version it asked with.
struct KafkaTestClient {
    private var responses: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let requests: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var nextCorrelationId: Int32 = 1

    /// Connects, runs `body` with the client, and closes the connection.
    static func withConnection<Result: Sendable>(
        to address: SocketAddressSpec, _ body: (inout KafkaTestClient) async throws -> Result
    ) async throws -> Result {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: address.host, port: address.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(KafkaFrameDecoder(maximumFrameLength: 1 << 20))
                    )
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var client = KafkaTestClient(responses: inbound.makeAsyncIterator(), requests: outbound)
            return try await body(&client)
        }
    }

    mutating func send(_ body: KafkaRequestBody, version: Int16) async throws -> KafkaResponseBody {
        let correlationId = nextCorrelationId
        nextCorrelationId += 1
        let header = RequestHeader(requestApiKey: body.apiKey.rawValue, requestApiVersion: version,
                                   correlationId: correlationId, clientId: "test")
        var frame = ByteBuffer()
        try KafkaRequestFrame(header: header, body: body).encode(into: &frame)
        try await requests.write(frame)
        guard let bytes = try await responses.next() else { throw KafkaTestClientError.closed }
        let response = try KafkaResponseFrame(decoding: bytes, apiKey: body.apiKey, apiVersion: version)
        guard response.header.correlationId == correlationId else { throw KafkaTestClientError.outOfOrder }
        return response.body
    }
}

enum KafkaTestClientError: Error {
    case closed
    case outOfOrder
}
