import KafkaProtocol
import NIOCore

/// Answers a client's requests plausibly enough that it goes on to send the
/// next ones: the cluster is one broker, every topic exists with one
/// partition, every group has one member (the leader), every SASL PLAIN
/// login succeeds.
///
/// One responder per connection; what connections share lives in the log.
/// SaslHandshake v0 (raw SASL tokens after it) is not supported: no client
/// here is configured to use it.
struct CaptureResponder: Sendable {
    let cluster: CapturedCluster
    let log: CaptureLog
    let connection: Int

    /// The answer to a captured frame; `request` is nil when it did not decode.
    func reply(to captured: CapturedRequest, request: KafkaRequestFrame?) -> CaptureReply {
        if captured.api == .apiVersions, captured.apiVersion > cluster.apiVersionsMaxVersion {
            return .respond(.apiVersions(unsupportedApiVersions()), version: 0)
        }
        guard let request else { return .unanswered }
        return reply(to: request)
    }

    private func reply(to request: KafkaRequestFrame) -> CaptureReply {
        let version = request.apiVersion
        switch request.body {
        case .apiVersions:
            return .respond(.apiVersions(apiVersions()), version: version)
        case .metadata(let body):
            return .respond(.metadata(metadata(body, version: version)), version: version)
        case .findCoordinator(let body):
            return .respond(.findCoordinator(findCoordinator(body, version: version)), version: version)
        case .describeCluster:
            return .respond(.describeCluster(describeCluster()), version: version)
        case .getTelemetrySubscriptions(let body):
            return .respond(.getTelemetrySubscriptions(telemetrySubscriptions(body)), version: version)
        case .pushTelemetry:
            return .respond(.pushTelemetry(PushTelemetryResponse()), version: version)
        case .produce(let body):
            let response = produce(body)
            return body.acks == 0 ? .noResponse : .respond(.produce(response), version: version)
        case .initProducerId:
            return .respond(.initProducerId(initProducerId()), version: version)
        case .listOffsets(let body):
            return .respond(.listOffsets(listOffsets(body)), version: version)
        case .fetch(let body):
            let (response, delay) = fetch(body, version: version)
            return .respond(.fetch(response), version: version, delay: delay)
        case .joinGroup(let body):
            return .respond(.joinGroup(joinGroup(body, clientId: request.header.clientId)), version: version)
        case .syncGroup(let body):
            return .respond(.syncGroup(syncGroup(body)), version: version)
        case .heartbeat:
            return .respond(.heartbeat(HeartbeatResponse()), version: version)
        case .offsetFetch(let body):
            return .respond(.offsetFetch(offsetFetch(body, version: version)), version: version)
        case .offsetCommit(let body):
            return .respond(.offsetCommit(offsetCommit(body)), version: version)
        case .leaveGroup(let body):
            return .respond(.leaveGroup(leaveGroup(body)), version: version)
        case .saslHandshake(let body):
            return .respond(.saslHandshake(saslHandshake(body)), version: version)
        case .saslAuthenticate(let body):
            return .respond(.saslAuthenticate(saslAuthenticate(body)), version: version)
        default:
            return .unanswered
        }
    }
}
