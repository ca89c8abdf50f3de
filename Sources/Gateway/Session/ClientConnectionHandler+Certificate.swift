import NIOCore
import NIOTLS

/// The end of the TLS handshake, with what the client's certificate says:
/// the verified leaf's subject, mapped by the listener's rules.
extension ClientConnectionHandler {
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event {
            perform(machine.handshakeCompleted(
                certificate: clientCertificate(context: context), now: .now(), policy: listener.policy.current
            ))
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func clientCertificate(context: ChannelHandlerContext) -> SessionStateMachine.ClientCertificate {
        guard case .certificate(let rules, _) = listener.session.authentication else { return .absent }
        do {
            guard let certificate = try context.pipeline.syncOperations.portcullisVerifiedClientCertificate() else {
                return .absent
            }
            return .verified(principalName: try rules.principalName(forDistinguishedName: certificate.subjectRFC2253))
        } catch {
            return .unmappable(reason: "\(error)")
        }
    }
}
