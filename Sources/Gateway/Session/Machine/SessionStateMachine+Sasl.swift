import Authentication
import Authorization
import KafkaProtocol
import NIOCore
import PolicyStore

/// SaslHandshake and SaslAuthenticate, for the first authentication and for
/// KIP-368 re-authentication on an open connection. Any failure answers with
/// the error Kafka sends and closes the connection; no failure message names
/// a secret.
extension SessionStateMachine {
    mutating func handshakeReceived(
        _ handshake: SaslHandshakeRequest, request: KafkaRequestFrame, now: NIODeadline, into actions: inout [SessionAction]
    ) {
        guard case .sasl(let offered) = configuration.authentication else {
            refuse(request, with: .illegalSaslState, into: &actions)
            close(reason: "SaslHandshake on a listener without SASL", into: &actions)
            return
        }
        let mechanisms = offered.map(\.name)
        guard let mechanism = SaslMechanism(name: handshake.mechanism), offered.contains(mechanism) else {
            respond(.saslHandshake(SaslHandshakeResponse(
                errorCode: KafkaErrorCode.unsupportedSaslMechanism.rawValue, mechanisms: mechanisms
            )), to: request, into: &actions)
            close(reason: "unsupported SASL mechanism", authenticationFailure: true, into: &actions)
            return
        }
        switch state {
        case .authenticating(.initial):
            state = .authenticating(.handshaken(mechanism, rawTokens: request.apiVersion == 0))
        case .serving(var session) where session.reauthentication == nil:
            guard request.apiVersion >= 1, session.mechanism == mechanism else {
                refuse(request, with: .illegalSaslState, into: &actions)
                close(reason: "re-authentication needs SaslHandshake v1 and the session's mechanism", into: &actions)
                return
            }
            guard now - session.authenticatedAt >= configuration.limits.minimumReauthenticationInterval else {
                refuse(request, with: .illegalSaslState, into: &actions)
                close(reason: "re-authentication attempted too soon after the last one", into: &actions)
                return
            }
            session.reauthentication = .handshaken(mechanism, rawTokens: false)
            state = .serving(session)
        default:
            refuse(request, with: .illegalSaslState, into: &actions)
            close(reason: "SaslHandshake out of order", into: &actions)
            return
        }
        respond(.saslHandshake(SaslHandshakeResponse(errorCode: KafkaErrorCode.none.rawValue, mechanisms: mechanisms)),
                to: request, into: &actions)
    }

    mutating func authenticateReceived(
        _ authenticate: SaslAuthenticateRequest, request: KafkaRequestFrame, now: NIODeadline, policy: GatewayPolicy,
        into actions: inout [SessionAction]
    ) {
        let stage: SaslStage = switch state {
        case .authenticating(let current): current
        case .serving(let session): session.reauthentication ?? .initial
        case .awaitingHandshake, .closed: .initial
        }
        let token = Array(authenticate.authBytes.readableBytesView)
        do {
            switch try advance(stage, with: token, policy: policy) {
            case .challenge(let next, let serverMessage):
                setStage(next)
                respond(.saslAuthenticate(SaslAuthenticateResponse(
                    errorCode: KafkaErrorCode.none.rawValue, authBytes: ByteBuffer(bytes: serverMessage)
                )), to: request, into: &actions)
            case .completed(let completion):
                try complete(completion, now: now, policy: policy, into: &actions)
                guard case .serving(let session) = state else { return }
                respond(.saslAuthenticate(SaslAuthenticateResponse(
                    errorCode: KafkaErrorCode.none.rawValue,
                    authBytes: ByteBuffer(bytes: completion.serverFinal),
                    sessionLifetimeMs: session.expiresAt.map { ($0 - now).nanoseconds / 1_000_000 } ?? 0
                )), to: request, into: &actions)
            }
        } catch {
            if case .connectionLimit = error { actions.append(.count(.refused(reason: ConnectionAdmission.Refusal.principalMaximum.rawValue))) }
            respond(.saslAuthenticate(SaslAuthenticateResponse(
                errorCode: error.kafkaErrorCode.rawValue, errorMessage: error.clientMessage
            )), to: request, into: &actions)
            close(reason: "SASL authentication failed: \(error)", authenticationFailure: true,
                  claimedPrincipal: error.claimedPrincipal, into: &actions)
        }
    }

    /// A token after SaslHandshake v0: no Kafka header, answered in kind.
    mutating func rawTokenReceived(
        _ token: ByteBuffer, stage: SaslStage, now: NIODeadline, policy: GatewayPolicy, into actions: inout [SessionAction]
    ) {
        do {
            switch try advance(stage, with: Array(token.readableBytesView), policy: policy) {
            case .challenge(let next, let serverMessage):
                setStage(next)
                responses.enqueueLocal(LocalResponse.rawToken(serverMessage), answering: nil)
            case .completed(let completion):
                try complete(completion, now: now, policy: policy, into: &actions)
                guard case .serving = state else { return }
                responses.enqueueLocal(LocalResponse.rawToken(completion.serverFinal), answering: nil)
            }
            flushResponses(into: &actions)
        } catch {
            // SASL v0 has no way to carry an error: Kafka closes the connection.
            close(reason: "SASL authentication failed: \(error)", authenticationFailure: true,
                  claimedPrincipal: error.claimedPrincipal, into: &actions)
        }
    }

    private func advance(_ stage: SaslStage, with token: [UInt8], policy: GatewayPolicy) throws(SaslFailure) -> SaslStep {
        switch stage {
        case .handshaken(.scram(let mechanism), let raw):
            var exchange = ScramServerExchange(
                mechanism: mechanism,
                credentials: { username in policy.snapshot.scramCredential(for: username, mechanism: mechanism) },
                unknownUserSecret: policy.snapshot.unknownUserSecret
            )
            do {
                let serverFirst = try exchange.receiveClientFirst(token)
                return .challenge(.exchanging(exchange, rawTokens: raw), serverFirst)
            } catch {
                throw .scram(error)
            }
        case .exchanging(var exchange, _):
            do {
                let outcome = try exchange.receiveClientFinal(token)
                return .completed(SaslCompletion(
                    principal: .user(outcome.username), mechanism: .scram(exchange.mechanism),
                    serverFinal: outcome.serverFinal, lifetime: configuration.limits.sessionLifetime
                ))
            } catch {
                throw .scram(error)
            }
        case .handshaken(.iam(let kind), _):
            return .completed(try authenticateIam(kind, token: token, policy: policy))
        case .initial:
            throw .outOfOrder
        }
    }

    private mutating func setStage(_ stage: SaslStage) {
        switch state {
        case .authenticating: state = .authenticating(stage)
        case .serving(var session):
            session.reauthentication = stage
            state = .serving(session)
        case .awaitingHandshake, .closed: break
        }
    }

    /// Opens or renews the session once the proof holds, if the principal is
    /// admitted by the policy as it is now: the credential was looked up at
    /// client-first, and the principal may have gone since. A
    /// re-authentication that names a different principal closes the
    /// connection (Kafka refuses it too).
    private mutating func complete(
        _ completion: SaslCompletion, now: NIODeadline, policy: GatewayPolicy, into actions: inout [SessionAction]
    ) throws(SaslFailure) {
        let principal = completion.principal
        if case .serving(let session) = state, !session.principal.isSamePrincipal(as: principal) {
            close(reason: "re-authentication as a different principal", into: &actions)
            return
        }
        guard admits(principal, policy: policy) else { throw .notAdmitted(principal, completion.mechanism) }
        guard claimPrincipalSlot(principal) else { throw .connectionLimit(principal) }
        startSession(principal, mechanism: completion.mechanism, lifetime: completion.lifetime, now: now, into: &actions)
    }
}

/// Why a SASL step failed, with the error code Kafka answers it with.
enum SaslFailure: Error, CustomStringConvertible {
    case scram(ScramError)
    case outOfOrder
    /// The proof held, but the principal was removed or disabled during the exchange.
    case notAdmitted(SessionPrincipal, SaslMechanism)
    /// An IAM token refused; `arn` when it named a known access key.
    case iam(IamAuthenticationError, accessKeyId: String?, arn: String?)
    /// A valid IAM token whose principal may not `kafka-cluster:Connect`.
    case connectDenied(arn: String, DecisionReason)
    /// The principal has `max.connections.per.principal` connections open already.
    case connectionLimit(SessionPrincipal)

    var kafkaErrorCode: KafkaErrorCode {
        switch self {
        case .scram, .notAdmitted, .iam, .connectDenied, .connectionLimit: .saslAuthenticationFailed
        case .outOfOrder: .illegalSaslState
        }
    }

    /// For the logs and the decision log: an IAM refusal's stable reason name first.
    var description: String {
        switch self {
        case .scram(let error): "\(error)"
        case .outOfOrder: "SaslAuthenticate without a preceding SaslHandshake"
        case .notAdmitted(let principal, _): "\(principal) was removed or disabled during the exchange"
        case .iam(let error, let accessKeyId, _):
            "IAM token refused (\(error.reason))\(accessKeyId.map { " for access key \($0)" } ?? ""): \(error)"
        case .connectDenied(let arn, let reason): "\(arn) may not kafka-cluster:Connect: \(reason)"
        case .connectionLimit(let principal):
            "\(principal) has the most connections a principal may open (max.connections.per.principal); close one first"
        }
    }

    /// Who the failed attempt was, when the stage of the exchange cannot say.
    var claimedPrincipal: String? {
        switch self {
        case .iam(_, _, let arn?), .connectDenied(let arn, _): "User:\(arn)"
        default: nil
        }
    }

    /// For the client: a principal that went during the exchange gets what a
    /// wrong password gets, so the answer tells nothing of the store; an IAM
    /// token's refusal does not say whether its key exists.
    var clientMessage: String {
        switch self {
        case .notAdmitted(_, .scram(let mechanism)): ScramError.invalidCredentials(mechanism).description
        case .notAdmitted(_, .iam): IamAuthenticationError.unknownAccessKey.clientMessage
        case .iam(let error, _, _): error.clientMessage
        case .connectDenied: "Access denied: the principal may not kafka-cluster:Connect to this cluster"
        default: description
        }
    }
}
