import Authentication
import Crypto
import Foundation
import IamTestTokens
import XCTest

/// Tokens made by AWS's own client code (see Fixtures/make_tokens.py) verify, and none does with one
/// byte of its signature changed.
final class IamTokenGoldenTests: XCTestCase {
    private typealias Golden = IamGoldenTokens
    private let now = IamGoldenTokens.signedAt.addingTimeInterval(60)

    private var longTermKey: IamKeyMaterial {
        IamKeyMaterial(secretAccessKey: SymmetricKey(data: Array(Golden.secretAccessKey.utf8)), enabled: true,
                       credentialsExpireAt: nil, sessionTokenSHA256: nil)
    }

    private var temporaryKey: IamKeyMaterial {
        IamKeyMaterial(secretAccessKey: SymmetricKey(data: Array(Golden.temporarySecretAccessKey.utf8)), enabled: true,
                       credentialsExpireAt: Golden.signedAt.addingTimeInterval(600),
                       sessionTokenSHA256: Array(SHA256.hash(data: Array(Golden.sessionToken.utf8))))
    }

    private func verifyBearer(_ token: String, key: IamKeyMaterial, region: String = "us-east-1") throws -> (IamSignedToken, VerifiedIamToken) {
        let settings = IamVerificationSettings(region: region)
        let parsed = try IamToken.parseOAuthBearer(clientFirstMessage: IamTestToken.clientFirst(bearer: token))
        let verified = try IamTokenVerifier(settings: settings).verify(parsed, key: key, acceptedHosts: [settings.serviceHost], now: now)
        return (parsed, verified)
    }

    private func verifyMskIam(_ payload: String, key: IamKeyMaterial) throws -> (IamSignedToken, VerifiedIamToken) {
        let parsed = try IamToken.parseMskIam(payload: Array(payload.utf8))
        // The broker host name as the gateway advertises it, in another case: compared without regard to case.
        let verified = try IamTokenVerifier(settings: IamVerificationSettings(region: "us-east-1"))
            .verify(parsed, key: key, acceptedHosts: ["B-1.Portcullis.EXAMPLE.com"], now: now)
        return (parsed, verified)
    }

    private func tamperedBearer(_ token: String) -> String {
        base64URL(changingSignatureByte(in: decodeBase64URL(token), after: "X-Amz-Signature="))
    }

    func testSignerTokenFromTheDefaultCredentialsVerifies() throws {
        let (parsed, verified) = try verifyBearer(Golden.signerDefaultCredentials, key: longTermKey)
        XCTAssertEqual(parsed.kind, .oauthBearer)
        XCTAssertEqual(parsed.host, "kafka.us-east-1.amazonaws.com")
        XCTAssertEqual(parsed.userAgent, "aws-msk-iam-sasl-signer-python/1.0.2")
        XCTAssertNil(parsed.sessionToken)
        XCTAssertEqual(parsed.signedAt, Golden.signedAt)
        XCTAssertEqual(parsed.expiresInSeconds, 900)
        XCTAssertEqual(verified, VerifiedIamToken(accessKeyId: Golden.accessKeyId, validUntil: Golden.signedAt.addingTimeInterval(900)))
    }

    func testSignerTokenFromACredentialsProviderWithASessionTokenVerifies() throws {
        let (parsed, verified) = try verifyBearer(Golden.signerCredentialsProvider, key: temporaryKey)
        XCTAssertEqual(parsed.sessionToken, Golden.sessionToken)
        // The temporary credentials expire before the token: the session may not outlive them.
        XCTAssertEqual(verified, VerifiedIamToken(accessKeyId: Golden.temporaryAccessKeyId, validUntil: Golden.signedAt.addingTimeInterval(600)))
    }

    func testBotocoreSigV4QueryAuthTokensVerify() throws {
        let (parsed, verified) = try verifyBearer(Golden.botocoreLongTerm, key: longTermKey)
        XCTAssertNil(parsed.userAgent)
        XCTAssertEqual(verified.accessKeyId, Golden.accessKeyId)

        let (temporary, temporaryVerified) = try verifyBearer(Golden.botocoreTemporaryEuCentral, key: temporaryKey, region: "eu-central-1")
        XCTAssertEqual(temporary.expiresInSeconds, 300)
        XCTAssertEqual(temporaryVerified.validUntil, Golden.signedAt.addingTimeInterval(300))
    }

    func testKafkaPythonPayloadsVerify() throws {
        let (parsed, verified) = try verifyMskIam(Golden.kafkaPythonLongTerm, key: longTermKey)
        XCTAssertEqual(parsed.kind, .mskIam)
        XCTAssertEqual(parsed.host, Golden.brokerHost)
        XCTAssertEqual(parsed.userAgent, "kafka-python")
        XCTAssertEqual(verified, VerifiedIamToken(accessKeyId: Golden.accessKeyId, validUntil: Golden.signedAt.addingTimeInterval(900)))

        let (temporary, temporaryVerified) = try verifyMskIam(Golden.kafkaPythonTemporary, key: temporaryKey)
        XCTAssertEqual(temporary.sessionToken, Golden.sessionToken)
        XCTAssertEqual(temporaryVerified.accessKeyId, Golden.temporaryAccessKeyId)
    }

    func testEachGoldenTokenWithOneSignatureByteChangedIsRefused() {
        let bearers: [(String, IamKeyMaterial, String)] = [
            (Golden.signerDefaultCredentials, longTermKey, "us-east-1"),
            (Golden.signerCredentialsProvider, temporaryKey, "us-east-1"),
            (Golden.botocoreLongTerm, longTermKey, "us-east-1"),
            (Golden.botocoreTemporaryEuCentral, temporaryKey, "eu-central-1"),
        ]
        for (token, key, region) in bearers {
            XCTAssertNotEqual(tamperedBearer(token), token)
            XCTAssertRefused(.signatureMismatch) { () throws(IamAuthenticationError) in
                let settings = IamVerificationSettings(region: region)
                let parsed = try IamToken.parseOAuthBearer(clientFirstMessage: IamTestToken.clientFirst(bearer: tamperedBearer(token)))
                _ = try IamTokenVerifier(settings: settings).verify(parsed, key: key, acceptedHosts: [settings.serviceHost], now: now)
            }
        }
        for (payload, key) in [(Golden.kafkaPythonLongTerm, longTermKey), (Golden.kafkaPythonTemporary, temporaryKey)] {
            let tampered = changingSignatureByte(in: payload, after: "\"x-amz-signature\":\"")
            XCTAssertNotEqual(tampered, payload)
            XCTAssertRefused(.signatureMismatch) { () throws(IamAuthenticationError) in
                let parsed = try IamToken.parseMskIam(payload: Array(tampered.utf8))
                _ = try IamTokenVerifier(settings: IamVerificationSettings(region: "us-east-1"))
                    .verify(parsed, key: key, acceptedHosts: [Golden.brokerHost], now: now)
            }
        }
    }

    func testAGoldenTokenVerifiedWithAnotherSecretIsRefused() {
        let otherKey = IamKeyMaterial(secretAccessKey: SymmetricKey(data: Array("not-the-secret".utf8)), enabled: true,
                                      credentialsExpireAt: nil, sessionTokenSHA256: nil)
        XCTAssertRefused(.signatureMismatch) { () throws(IamAuthenticationError) in
            _ = try IamTokenVerifier(settings: IamVerificationSettings(region: "us-east-1")).verify(
                try IamToken.parseMskIam(payload: Array(Golden.kafkaPythonLongTerm.utf8)),
                key: otherKey, acceptedHosts: [Golden.brokerHost], now: now)
        }
    }
}
