import AWSSigV4
import Crypto
import Foundation
import SecretHandling

/// Verifies a parsed IAM token: the claims first (cheap, and independent of the key, so their
/// answers reveal nothing about which keys exist), then the key, then the signature, recomputed with
/// the project's SigV4 pieces and compared in constant time.
public struct IamTokenVerifier: Sendable {
    public let settings: IamVerificationSettings

    public init(settings: IamVerificationSettings) {
        self.settings = settings
    }

    /// `key` is nil for an unknown access key id. `acceptedHosts`: the host names this token may be
    /// signed for (the gateway passes `serviceHost` for OAUTHBEARER and its advertised broker host names
    /// for AWS_MSK_IAM); compared without regard to case.
    public func verify(
        _ token: IamSignedToken,
        key: IamKeyMaterial?,
        acceptedHosts: Set<String>,
        now: Date
    ) throws(IamAuthenticationError) -> VerifiedIamToken {
        try checkClaims(token, acceptedHosts: acceptedHosts)
        let expiresAt = try checkTime(token, now: now)
        guard let key else { throw .unknownAccessKey }
        guard key.enabled else { throw .disabledAccessKey }
        if let credentialsExpireAt = key.credentialsExpireAt, now >= credentialsExpireAt { throw .credentialsExpired }
        try checkSessionToken(token, key: key)
        guard constantTimeEquals(Array(expectedSignature(token, key: key).utf8), Array(token.signature.utf8)) else {
            throw .signatureMismatch
        }
        // A token signed ahead of the gateway's clock (within the skew) still buys at most its
        // expiry from now: the skew forgives a clock, it does not lengthen a session past 900 s.
        let sessionEnd = min(expiresAt, now.addingTimeInterval(TimeInterval(token.expiresInSeconds)))
        return VerifiedIamToken(
            accessKeyId: token.accessKeyId,
            validUntil: key.credentialsExpireAt.map { min($0, sessionEnd) } ?? sessionEnd
        )
    }

    private func checkClaims(_ token: IamSignedToken, acceptedHosts: Set<String>) throws(IamAuthenticationError) {
        guard token.algorithm == IamToken.algorithm else { throw .wrongAlgorithm }
        guard token.action == IamToken.connectAction else { throw .wrongAction }
        guard token.credentialScope.service == IamToken.service else { throw .wrongService }
        guard token.credentialScope.region == settings.region else { throw .wrongRegion }
        guard token.credentialScope.date == String(token.amzDate.prefix(8)) else { throw .wrongScopeDate }
        guard token.signedHeaders == "host" else { throw .hostNotSigned }
        let host = token.host.lowercased()
        guard acceptedHosts.contains(where: { $0.lowercased() == host }) else { throw .wrongHost(token.host) }
        guard TimeInterval(token.expiresInSeconds) <= settings.maximumExpiry else { throw .expiryTooLong }
    }

    /// Returns when the token stops being valid. No skew is added at that end: a token is refused once past it.
    private func checkTime(_ token: IamSignedToken, now: Date) throws(IamAuthenticationError) -> Date {
        guard token.signedAt <= now.addingTimeInterval(settings.maximumClockSkew) else { throw .notYetValid }
        let expiresAt = token.signedAt.addingTimeInterval(TimeInterval(token.expiresInSeconds))
        guard now <= expiresAt else { throw .expired }
        return expiresAt
    }

    /// Present exactly when the key is temporary, and then the one issued with it, compared by SHA-256 in constant time.
    private func checkSessionToken(_ token: IamSignedToken, key: IamKeyMaterial) throws(IamAuthenticationError) {
        switch (token.sessionToken, key.sessionTokenSHA256) {
        case (nil, nil):
            return
        case (let presented?, let expected?):
            guard constantTimeEquals(Array(SHA256.hash(data: Array(presented.utf8))), expected) else {
                throw .sessionTokenMismatch
            }
        default:
            throw .sessionTokenMismatch
        }
    }

    /// The signature the client should have sent: the presigned GET of `/` with the token's signed query
    /// parameters, the `host` header, and the payload hash its format uses.
    private func expectedSignature(_ token: IamSignedToken, key: IamKeyMaterial) -> String {
        let canonicalRequest = AWSSigV4.canonicalRequest(
            method: "GET",
            path: "/",
            query: token.signedQuery,
            headers: AWSSigV4.canonicalHeaders([(name: "host", value: token.host)]),
            payloadHash: token.payloadHash
        )
        // signingKey zeroes its "AWS4"+secret buffer; the derived keys are SymmetricKeys, zeroed when released.
        let signingKey = AWSSigV4.signingKey(secretAccessKey: key.secretAccessKey, scope: token.credentialScope)
        return AWSSigV4.signature(
            stringToSign: AWSSigV4.stringToSign(timestamp: token.amzDate, scope: token.credentialScope, canonicalRequest: canonicalRequest),
            signingKey: signingKey
        )
    }
}
