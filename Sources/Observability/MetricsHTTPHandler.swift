import NIOCore
import NIOHTTP1

/// Answers the metrics port's three paths: `/metrics` (the exposition),
/// `/healthz` (the process answers) and `/readyz` (every readiness check
/// holds: 200, else 503 naming the ones that do not). GET and HEAD only;
/// request bodies are ignored, nothing else is served.
final class MetricsHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let metrics: PortcullisMetrics
    private let readiness: @Sendable () -> [ReadinessCheck]
    private var request: HTTPRequestHead?

    init(metrics: PortcullisMetrics, readiness: @escaping @Sendable () -> [ReadinessCheck]) {
        self.metrics = metrics
        self.readiness = readiness
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            request = head
        case .body:
            break
        case .end:
            guard let head = request else { return }
            request = nil
            let (status, contentType, body) = answer(head)
            respond(context: context, head: head, status: status, contentType: contentType,
                    body: head.method == .HEAD ? [] : body)
        }
    }

    private func answer(_ head: HTTPRequestHead) -> (HTTPResponseStatus, String, [UInt8]) {
        guard head.method == .GET || head.method == .HEAD else {
            return (.methodNotAllowed, "text/plain", Array("only GET and HEAD\n".utf8))
        }
        switch head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri {
        case "/metrics":
            return (.ok, "text/plain; version=0.0.4; charset=utf-8", metrics.exposition())
        case "/healthz":
            return (.ok, "text/plain", Array("ok\n".utf8))
        case "/readyz":
            let failing = readiness().compactMap { check in check.check().map { "\(check.name): \($0)" } }
            if failing.isEmpty { return (.ok, "text/plain", Array("ready\n".utf8)) }
            return (.serviceUnavailable, "text/plain", Array(("not ready\n" + failing.joined(separator: "\n") + "\n").utf8))
        default:
            return (.notFound, "text/plain", Array("not found: /metrics, /healthz, /readyz\n".utf8))
        }
    }

    private func respond(context: ChannelHandlerContext, head: HTTPRequestHead, status: HTTPResponseStatus,
                         contentType: String, body: [UInt8]) {
        var headers = HTTPHeaders([("Content-Type", contentType), ("Content-Length", "\(body.count)")])
        if !head.isKeepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
                      promise: nil)
        if !body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        let keepAlive = head.isKeepAlive
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { [channel = context.channel] _ in
            if !keepAlive { channel.close(promise: nil) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
