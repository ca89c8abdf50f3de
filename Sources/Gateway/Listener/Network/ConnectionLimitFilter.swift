import Authorization
import Logging
import NIOCore
import Observability

/// Closes connections over a `ConnectionLimits` bound as they are accepted,
/// like `CIDRAcceptFilter` (after it, on the server channel): nothing is
/// made for a refused connection. A connection let in is counted until its
/// channel closes. Refusals are counted by reason and logged at the
/// listener's bounded rate.
final class ConnectionLimitFilter: ChannelInboundHandler, Sendable {
    typealias InboundIn = Channel
    typealias InboundOut = Channel

    private let admission: ConnectionAdmission
    private let listenerName: String
    private let policy: PolicyHolder
    private let logger: Logger
    private let logLimiter: SharedLogLimiter
    private let metrics: PortcullisMetrics

    init(
        admission: ConnectionAdmission, listenerName: String, policy: PolicyHolder, logger: Logger, logLimiter: SharedLogLimiter,
        metrics: PortcullisMetrics
    ) {
        self.admission = admission
        self.listenerName = listenerName
        self.policy = policy
        self.logger = logger
        self.logLimiter = logLimiter
        self.metrics = metrics
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let accepted = unwrapInboundIn(data)
        // Without an IP address the child initializer refuses it anyway.
        guard let address = accepted.remoteAddress.flatMap(IPAddress.init) else {
            context.fireChannelRead(data)
            return
        }
        let addressRate = policy.quotas.connectionCreationRate(address: address.description)
        if let refusal = admission.admit(listener: listenerName, address: address, addressRate: addressRate, now: .now()) {
            accepted.close(promise: nil)
            metrics.connectionsRefused.increment(listenerName, refusal.rawValue)
            guard let unlogged = logLimiter.admit() else { return }
            var metadata: Logger.Metadata = ["listener": "\(listenerName)", "peer": "\(address)", "reason": "\(refusal.rawValue)"]
            if unlogged > 0 { metadata["refusals not logged before this one"] = "\(unlogged)" }
            logger.warning("connection refused: \(refusal.explanation)", metadata: metadata)
            return
        }
        let admission = admission
        let listenerName = listenerName
        accepted.closeFuture.whenComplete { _ in admission.closed(listener: listenerName, address: address) }
        context.fireChannelRead(data)
    }
}
