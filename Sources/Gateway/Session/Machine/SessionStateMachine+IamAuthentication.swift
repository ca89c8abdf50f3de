import Authentication
import Authorization
import Foundation
import NIOCore

/// IAM authentication: one SaslAuthenticate carries the whole proof, an
/// OAUTHBEARER token (aws-msk-iam-sasl-signer) or an AWS_MSK_IAM payload
/// (aws-msk-iam-auth, kafka-python). The token's signature is checked with
/// the access key's secret, then the principal's `kafka-cluster:Connect`
/// permission, as MSK does before any request. The session lasts no longer
/// than the token (and the credentials it was signed with), so an open
/// connection re-authenticates with a fresh token or ends (KIP-368).
extension SessionStateMachine {
    func authenticateIam(_ kind: IamTokenKind, token: [UInt8], policy: GatewayPolicy) throws(SaslFailure) -> SaslCompletion {
        let now = configuration.wallClock()
        let signed: IamSignedToken
        do {
            signed = switch kind {
            case .oauthBearer: try IamToken.parseOAuthBearer(clientFirstMessage: token)
            case .mskIam: try IamToken.parseMskIam(payload: token)
            }
        } catch {
            throw .iam(error, accessKeyId: nil, arn: nil)
        }
        let key = policy.iam.accessKey(signed.accessKeyId)
        let verified: VerifiedIamToken
        do {
            let settings = policy.iamSettings
            verified = try IamTokenVerifier(settings: settings.verification).verify(
                signed, key: key?.material,
                acceptedHosts: settings.acceptedHosts(for: kind, advertisedHost: configuration.advertisedHost), now: now
            )
        } catch {
            throw .iam(error, accessKeyId: signed.accessKeyId, arn: key?.identity.arn)
        }
        guard let identity = key?.identity else {
            // verify refuses a key it was not given; this keeps the compiler and a future change honest.
            throw .iam(.unknownAccessKey, accessKeyId: signed.accessKeyId, arn: nil)
        }
        var lifetime = TimeAmount.milliseconds(Int64((verified.validUntil.timeIntervalSince(now) * 1000).rounded(.down)))
        // Less than a millisecond left would be answered as a session lifetime of 0, which tells a
        // KIP-368 client its session never ends, while this one would end at once; and a session
        // shorter than the least time between re-authentications could only end in a refused one
        // (credentials about to expire), so it is refused now, for what it is.
        guard lifetime >= max(configuration.limits.minimumReauthenticationInterval, .milliseconds(1)) else {
            let credentialsEnd = key?.material?.credentialsExpireAt
            let reason: IamAuthenticationError = credentialsEnd.map { $0 <= verified.validUntil } == true ? .credentialsExpired : .expired
            throw .iam(reason, accessKeyId: signed.accessKeyId, arn: identity.arn)
        }
        let connect = policy.authorizer.allowsConnect(
            iam: policy.iamSubject(for: identity, secureTransport: configuration.usesTLS), host: clientAddress,
            now: IamTimestamp(now)
        )
        guard connect.allowed else { throw .connectDenied(arn: identity.arn, connect.reason) }

        if let limit = configuration.limits.sessionLifetime { lifetime = min(lifetime, limit) }
        return SaslCompletion(
            principal: .iam(identity), mechanism: .iam(kind),
            serverFinal: kind == .mskIam ? MskIamResponse.success(requestId: UUID().uuidString.lowercased()) : [],
            lifetime: lifetime
        )
    }
}
