import Authorization
import Logging

/// Authorization decisions leave the connection here: DENYs are noted in the
/// service log at info, as Kafka's authorizer logger does, ALLOWs at debug.
extension ClientConnectionHandler {
    func record(_ recorded: DecisionsToRecord) {
        for decision in recorded.decisions {
            let metadata: Logger.Metadata = [
                "api": "\(recorded.apiKey.name)", "version": "\(recorded.apiVersion)",
                "operation": "\(decision.operation)", "resource": "\(decision.resource)", "rule": "\(decision.reason.machineName)",
            ]
            if decision.allowed {
                logger.debug("authorization allowed", metadata: metadata)
            } else {
                logger.info("authorization denied", metadata: metadata)
            }
        }
    }
}
