import NIOCore
import PolicyStore

/// The end of a TLS handshake: a SASL listener's exchange may begin; a
/// certificate listener admits the verified certificate's principal, or,
/// without a certificate, serves anonymous where the listener allows it.
extension SessionStateMachine {
    /// What the TLS handshake established about the client.
    enum ClientCertificate {
        /// A verified certificate, its subject mapped to a principal name.
        case verified(principalName: String)
        case absent
        /// Verified, but its subject could not be mapped to a principal.
        case unmappable(reason: String)
    }

    mutating func handshakeCompleted(
        certificate: ClientCertificate, now: NIODeadline, policy: GatewayPolicy
    ) -> [SessionAction] {
        var actions: [SessionAction] = []
        guard case .awaitingHandshake = state else { return actions }
        switch configuration.authentication {
        case .sasl:
            state = .authenticating(.initial)
        case .anonymous:
            startAnonymousSession(now: now, into: &actions)
        case .certificate(_, let required):
            switch certificate {
            case .verified(let name):
                let principal = SessionPrincipal.user(name)
                guard admits(principal, policy: policy) else {
                    // Unknown and disabled principals are refused alike, without saying which.
                    close(reason: "certificate principal \(principal) is not an enabled principal",
                          authenticationFailure: true, into: &actions)
                    return actions
                }
                guard claimPrincipalSlot(principal) else {
                    actions.append(.count(.refused(reason: ConnectionAdmission.Refusal.principalMaximum.rawValue)))
                    close(reason: "\(principal) has the most connections a principal may open (max.connections.per.principal)", into: &actions)
                    return actions
                }
                startSession(principal, mechanism: nil, lifetime: nil, now: now, into: &actions)
            case .absent where required:
                close(reason: "no client certificate on a mutual-TLS listener", authenticationFailure: true, into: &actions)
            case .absent:
                startAnonymousSession(now: now, into: &actions)
            case .unmappable(let reason):
                close(reason: "client certificate not accepted: \(reason)", authenticationFailure: true, into: &actions)
            }
        }
        return actions
    }
}
