import KafkaProtocol

/// The ACL and SCRAM credential APIs, answered from the policy store off the
/// event loop: the request's place among the responses is held meanwhile,
/// so what the client sent after it is still answered after it.
extension SessionStateMachine {
    mutating func administered(ticket: Int, request: KafkaRequestFrame, response: KafkaResponseBody) -> [SessionAction] {
        guard !isClosed else { return [] }
        var actions: [SessionAction] = []
        do {
            let encoded = try LocalResponse.encode(response, correlationId: request.header.correlationId, version: request.apiVersion)
            guard responses.fulfilGateway(ticket, with: encoded) else {
                close(reason: "an answer for a \(request.apiKey.name) request nobody is waiting for", into: &actions)
                return actions
            }
        } catch {
            close(reason: "could not encode a \(request.apiKey.name) response: \(error)", into: &actions)
            return actions
        }
        flushResponses(into: &actions)
        return actions
    }
}
