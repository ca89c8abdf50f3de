import Authentication
import NIOCore
import NIOSSL
import NIOTLS

/// Mutual TLS: the session's principal is the verified client certificate's
/// subject, as the listener's mapping rules name it.
extension ClientConnectionHandler {
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event, case .awaitingCertificate = phase {
            switch listener.authentication {
            case .certificate(let rules, let required):
                authenticateCertificate(context: context, rules: rules, required: required)
            case .anonymous:
                beginSession(principal: "ANONYMOUS", mechanism: nil, lifetime: nil)
            case .scram:
                break
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func authenticateCertificate(context: ChannelHandlerContext, rules: PrincipalMappingRules, required: Bool) {
        let principal: String
        do {
            guard let certificate = try context.pipeline.syncOperations.portcullisVerifiedClientCertificate() else {
                if required {
                    close(reason: "no client certificate on a mutual-TLS listener")
                } else {
                    beginSession(principal: "ANONYMOUS", mechanism: nil, lifetime: nil)
                }
                return
            }
            principal = try rules.principalName(forDistinguishedName: certificate.subjectRFC2253)
        } catch {
            close(reason: "client certificate not accepted: \(error)")
            return
        }
        guard listener.policy.current.admits(principal) else {
            // Unknown and disabled principals are refused alike, without saying which.
            close(reason: "certificate principal User:\(principal) is not an enabled principal")
            return
        }
        beginSession(principal: principal, mechanism: nil, lifetime: nil)
    }
}
