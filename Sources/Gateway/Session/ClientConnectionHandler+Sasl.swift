import Authentication
import KafkaProtocol
import NIOCore

/// SaslHandshake and SaslAuthenticate, for the first authentication and for
/// KIP-368 re-authentication on an open connection. Any failure answers with
/// the error Kafka sends and closes the connection; no failure message names
/// a secret.
extension ClientConnectionHandler {
    func handleHandshake(_ handshake: SaslHandshakeRequest, request: KafkaRequestFrame) {
        guard case .scram(let offered) = listener.authentication else {
            refuse(request, with: .illegalSaslState)
            close(reason: "SaslHandshake on a listener without SASL")
            return
        }
        let mechanisms = offered.map(\.rawValue)
        guard let mechanism = ScramMechanism(rawValue: handshake.mechanism), offered.contains(mechanism) else {
            respond(.saslHandshake(SaslHandshakeResponse(errorCode: KafkaErrorCode.unsupportedSaslMechanism.rawValue, mechanisms: mechanisms)), to: request)
            close(reason: "unsupported SASL mechanism")
            return
        }
        switch phase {
        case .unauthenticated(.initial):
            phase = .unauthenticated(.handshaken(mechanism, rawTokens: request.apiVersion == 0))
        case .authenticated(var session) where session.reauthentication == nil:
            guard request.apiVersion >= 1, session.mechanism == mechanism else {
                refuse(request, with: .illegalSaslState)
                close(reason: "re-authentication needs SaslHandshake v1 and the session's mechanism")
                return
            }
            guard NIODeadline.now() - session.authenticatedAt >= listener.limits.minimumReauthenticationInterval else {
                refuse(request, with: .illegalSaslState)
                close(reason: "re-authentication attempted too soon after the last one")
                return
            }
            session.reauthentication = .handshaken(mechanism, rawTokens: false)
            phase = .authenticated(session)
        default:
            refuse(request, with: .illegalSaslState)
            close(reason: "SaslHandshake out of order")
            return
        }
        respond(.saslHandshake(SaslHandshakeResponse(errorCode: KafkaErrorCode.none.rawValue, mechanisms: mechanisms)), to: request)
    }

    func handleAuthenticate(_ authenticate: SaslAuthenticateRequest, request: KafkaRequestFrame) {
        let stage: SaslStage
        switch phase {
        case .unauthenticated(let current): stage = current
        case .authenticated(let session): stage = session.reauthentication ?? .initial
        default: stage = .initial
        }
        let token = Array(authenticate.authBytes.readableBytesView)
        do {
            switch try advance(stage, with: token) {
            case .challenge(let next, let serverMessage):
                setStage(next)
                respond(.saslAuthenticate(SaslAuthenticateResponse(
                    errorCode: KafkaErrorCode.none.rawValue, authBytes: ByteBuffer(bytes: serverMessage)
                )), to: request)
            case .completed(let username, let mechanism, let serverFinal):
                guard completeAuthentication(username: username, mechanism: mechanism) else { return }
                let lifetime = listener.limits.sessionLifetime
                respond(.saslAuthenticate(SaslAuthenticateResponse(
                    errorCode: KafkaErrorCode.none.rawValue,
                    authBytes: ByteBuffer(bytes: serverFinal),
                    sessionLifetimeMs: lifetime.map { $0.nanoseconds / 1_000_000 } ?? 0
                )), to: request)
            }
        } catch {
            respond(.saslAuthenticate(SaslAuthenticateResponse(
                errorCode: error.kafkaErrorCode.rawValue, errorMessage: error.description
            )), to: request)
            close(reason: "SASL authentication failed: \(error)")
        }
    }

    /// A token after SaslHandshake v0: no Kafka header, answered in kind.
    func handleRawToken(_ token: ByteBuffer, stage: SaslStage) {
        do {
            switch try advance(stage, with: Array(token.readableBytesView)) {
            case .challenge(let next, let serverMessage):
                setStage(next)
                responses.enqueueLocal(LocalResponse.rawToken(serverMessage))
            case .completed(let username, let mechanism, let serverFinal):
                guard completeAuthentication(username: username, mechanism: mechanism) else { return }
                responses.enqueueLocal(LocalResponse.rawToken(serverFinal))
            }
            flushResponses()
        } catch {
            // SASL v0 has no way to carry an error: Kafka closes the connection.
            close(reason: "SASL authentication failed: \(error)")
        }
    }

    private enum SaslStep {
        case challenge(SaslStage, [UInt8])
        case completed(username: String, mechanism: ScramMechanism, serverFinal: [UInt8])
    }

    private func advance(_ stage: SaslStage, with token: [UInt8]) throws(SaslFailure) -> SaslStep {
        switch stage {
        case .handshaken(let mechanism, let raw):
            let policy = listener.policy.current
            var exchange = ScramServerExchange(
                mechanism: mechanism,
                credentials: { username in policy.scramCredential(for: username, mechanism: mechanism) },
                unknownUserSecret: policy.unknownUserSecret
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
                return .completed(username: outcome.username, mechanism: exchange.mechanism, serverFinal: outcome.serverFinal)
            } catch {
                throw .scram(error)
            }
        case .initial:
            throw .outOfOrder
        }
    }

    private func setStage(_ stage: SaslStage) {
        switch phase {
        case .unauthenticated: phase = .unauthenticated(stage)
        case .authenticated(var session):
            session.reauthentication = stage
            phase = .authenticated(session)
        default: break
        }
    }

    /// Opens or renews the session. Returns false after closing the connection
    /// when a re-authentication names a different principal (Kafka refuses it too).
    private func completeAuthentication(username: String, mechanism: ScramMechanism) -> Bool {
        let lifetime = listener.limits.sessionLifetime
        switch phase {
        case .authenticated(let session):
            guard session.principal == username else {
                close(reason: "re-authentication as a different principal")
                return false
            }
            let now = NIODeadline.now()
            phase = .authenticated(AuthenticatedSession(
                principal: username, mechanism: mechanism, authenticatedAt: now,
                expiresAt: lifetime.map { now + $0 }, reauthentication: nil
            ))
            logger.info("re-authenticated")
            scheduleExpiry(at: now, lifetime: lifetime)
        default:
            beginSession(principal: username, mechanism: mechanism, lifetime: lifetime)
        }
        return true
    }
}

/// Why a SASL step failed, with the error code Kafka answers it with.
enum SaslFailure: Error, CustomStringConvertible {
    case scram(ScramError)
    case outOfOrder

    var kafkaErrorCode: KafkaErrorCode {
        switch self {
        case .scram: .saslAuthenticationFailed
        case .outOfOrder: .illegalSaslState
        }
    }

    var description: String {
        switch self {
        case .scram(let error): "\(error)"
        case .outOfOrder: "SaslAuthenticate without a preceding SaslHandshake"
        }
    }
}
