import Authentication
import Crypto
import Foundation
import IamTestTokens
import XCTest

/// Every check the verifier makes, each with a token that is right in every other way (built with
/// the project's SigV4 pieces), for both formats.
final class IamTokenVerifierTests: XCTestCase {
    private let settings = IamVerificationSettings(region: "us-east-1")
    private let brokerHost = "b-2.portcullis.example.com"

    /// A token for `kind`, signed for the host that kind is checked against.
    private func token(_ kind: IamTokenKind, _ change: (inout IamTestToken) -> Void = { _ in }) -> IamTestToken {
        var token = IamTestToken()
        token.host = kind == .oauthBearer ? settings.serviceHost : brokerHost
        change(&token)
        return token
    }

    private func acceptedHosts(_ kind: IamTokenKind) -> Set<String> {
        kind == .oauthBearer ? [settings.serviceHost] : [brokerHost, "b-1.portcullis.example.com"]
    }

    private func parse(_ kind: IamTokenKind, _ token: IamTestToken) throws(IamAuthenticationError) -> IamSignedToken {
        kind == .oauthBearer
            ? try IamToken.parseOAuthBearer(clientFirstMessage: token.oauthBearerMessage)
            : try IamToken.parseMskIam(payload: token.mskIamPayload)
    }

    @discardableResult
    private func verify(
        _ kind: IamTokenKind,
        _ token: IamTestToken,
        key: IamKeyMaterial?? = .none,
        now: Date? = nil
    ) throws(IamAuthenticationError) -> VerifiedIamToken {
        try IamTokenVerifier(settings: settings).verify(
            try parse(kind, token),
            key: key ?? token.keyMaterial,
            acceptedHosts: acceptedHosts(kind),
            now: now ?? token.signedAt.addingTimeInterval(10)
        )
    }

    private func assertRefused(_ expected: IamAuthenticationError, file: StaticString = #filePath, line: UInt = #line,
                               _ change: (inout IamTestToken) -> Void) {
        for kind in IamTokenKind.allCases {
            let token = token(kind, change)
            XCTAssertRefused(expected, { () throws(IamAuthenticationError) in try verify(kind, token) }, file: file, line: line)
        }
    }

    func testTheUnchangedHandMadeTokenVerifiesInBothFormats() throws {
        for kind in IamTokenKind.allCases {
            for sessionToken in [nil, "FwoGZXIvYXdzEHandMade/Session+Token=="] {
                let token = token(kind) { $0.sessionToken = sessionToken }
                let verified = try verify(kind, token)
                XCTAssertEqual(verified.accessKeyId, token.accessKeyId)
                XCTAssertEqual(verified.validUntil, token.signedAt.addingTimeInterval(900))
            }
        }
    }

    func testClaimsThatAreNotForThisCluster() {
        assertRefused(.wrongRegion) { $0.region = "us-west-2" }
        assertRefused(.wrongAction) { $0.action = "kafka-cluster:AlterCluster" }
        assertRefused(.wrongService) { $0.service = "kafka" }
        assertRefused(.wrongAlgorithm) { $0.algorithm = "AWS4-HMAC-SHA512" }
        assertRefused(.wrongScopeDate) { $0.scopeDate = "20260313" }
        assertRefused(.hostNotSigned) { $0.signedHeaders = "host;x-amz-date" }
        assertRefused(.hostNotSigned) { $0.signedHeaders = "x-amz-date" }
        assertRefused(.expiryTooLong) { $0.expires = "901" }
    }

    func testAHostThatIsNotAcceptedIsRefusedAndNamed() {
        assertRefused(.wrongHost("kafka.us-west-2.amazonaws.com")) { $0.host = "kafka.us-west-2.amazonaws.com" }
        assertRefused(.wrongHost("b-9.elsewhere.example.com")) { $0.host = "b-9.elsewhere.example.com" }
        // The OAUTHBEARER service host is not a broker host name, and no broker name is the service host.
        XCTAssertRefused(.wrongHost(brokerHost)) { () throws(IamAuthenticationError) in
            try verify(.oauthBearer, token(.oauthBearer) { $0.host = brokerHost })
        }
        XCTAssertRefused(.wrongHost(settings.serviceHost)) { () throws(IamAuthenticationError) in
            try verify(.mskIam, token(.mskIam) { $0.host = settings.serviceHost })
        }
    }

    func testExpiryIsExactAndTheSkewOnlyAppliesToFutureDatedTokens() throws {
        for kind in IamTokenKind.allCases {
            let token = token(kind)
            XCTAssertNoThrow(try verify(kind, token, now: token.signedAt.addingTimeInterval(900)))
            XCTAssertRefused(.expired) { () throws(IamAuthenticationError) in
                try verify(kind, token, now: token.signedAt.addingTimeInterval(901))
            }
            XCTAssertNoThrow(try verify(kind, token, now: token.signedAt.addingTimeInterval(-300)))
            XCTAssertRefused(.notYetValid) { () throws(IamAuthenticationError) in
                try verify(kind, token, now: token.signedAt.addingTimeInterval(-301))
            }
            let short = self.token(kind) { $0.expires = "60" }
            XCTAssertRefused(.expired) { () throws(IamAuthenticationError) in
                try verify(kind, short, now: short.signedAt.addingTimeInterval(61))
            }
        }
    }

    func testATokenSignedAheadOfTheClockBuysNoMoreThanItsExpiryFromNow() throws {
        for kind in IamTokenKind.allCases {
            let token = token(kind)
            let now = token.signedAt.addingTimeInterval(-240)
            XCTAssertEqual(try verify(kind, token, now: now).validUntil, now.addingTimeInterval(900))
        }
    }

    func testATamperedSignatureIsRefused() {
        assertRefused(.signatureMismatch) { token in
            token.signatureOverride = String(repeating: "0", count: 64)
        }
        // Fields that are only in the signed query: changing one after signing breaks the signature.
        for kind in IamTokenKind.allCases {
            var token = token(kind)
            let signature = token.signature
            token.expires = "899"
            token.signatureOverride = signature
            XCTAssertRefused(.signatureMismatch) { () throws(IamAuthenticationError) in try verify(kind, token) }
        }
    }

    func testKeysThatAreUnknownDisabledOrExpired() throws {
        for kind in IamTokenKind.allCases {
            let token = token(kind)
            XCTAssertRefused(.unknownAccessKey) { () throws(IamAuthenticationError) in try verify(kind, token, key: .some(nil)) }
            let disabled = IamKeyMaterial(secretAccessKey: SymmetricKey(data: Array(token.secret.utf8)), enabled: false,
                                          credentialsExpireAt: nil, sessionTokenSHA256: nil)
            XCTAssertRefused(.disabledAccessKey) { () throws(IamAuthenticationError) in try verify(kind, token, key: disabled) }

            let temporary = self.token(kind) { $0.sessionToken = "FwoGZXIvYXdzETemporary" }
            let now = temporary.signedAt.addingTimeInterval(10)
            let expiring = IamKeyMaterial(secretAccessKey: SymmetricKey(data: Array(temporary.secret.utf8)), enabled: true,
                                          credentialsExpireAt: now,
                                          sessionTokenSHA256: Array(SHA256.hash(data: Array("FwoGZXIvYXdzETemporary".utf8))))
            XCTAssertRefused(.credentialsExpired) { () throws(IamAuthenticationError) in
                try verify(kind, temporary, key: expiring, now: now)
            }
            let verified = try verify(kind, temporary, key: expiring, now: now.addingTimeInterval(-1))
            XCTAssertEqual(verified.validUntil, now, "the session may not outlive the credentials")
        }
    }

    func testTheSessionTokenMustBeTheOneIssuedWithTheKey() {
        let issued = "FwoGZXIvYXdzEIssued/Token+=="
        for kind in IamTokenKind.allCases {
            let temporaryKey = token(kind) { $0.sessionToken = issued }.keyMaterial
            // Missing: signed without a session token, but the key is temporary.
            let missing = token(kind)
            XCTAssertRefused(.sessionTokenMismatch) { () throws(IamAuthenticationError) in try verify(kind, missing, key: temporaryKey) }
            // Unexpected: a long-term key presented with a session token.
            let unexpected = token(kind) { $0.sessionToken = issued }
            XCTAssertRefused(.sessionTokenMismatch) { () throws(IamAuthenticationError) in
                try verify(kind, unexpected, key: missing.keyMaterial)
            }
            // Wrong: correctly signed with another token.
            let wrong = token(kind) { $0.sessionToken = "FwoGZXIvYXdzEIssued/Token+=x" }
            XCTAssertRefused(.sessionTokenMismatch) { () throws(IamAuthenticationError) in try verify(kind, wrong, key: temporaryKey) }
        }
    }

    func testTheClientIsNotToldWhetherTheKeyExists() {
        let afterLookup: [IamAuthenticationError] = [
            .unknownAccessKey, .disabledAccessKey, .credentialsExpired, .sessionTokenMismatch, .signatureMismatch,
        ]
        XCTAssertEqual(Set(afterLookup.map(\.clientMessage)).count, 1)
        XCTAssertEqual(Set(afterLookup.map(\.reason)).count, afterLookup.count)
    }

    func testSettingsDefaultsAndServiceHost() {
        XCTAssertEqual(settings.maximumClockSkew, 300)
        XCTAssertEqual(settings.maximumExpiry, 900)
        XCTAssertEqual(IamVerificationSettings(region: "eu-west-1").serviceHost, "kafka.eu-west-1.amazonaws.com")
    }

    func testAShorterMaximumExpiryIsEnforced() {
        let strict = IamVerificationSettings(region: "us-east-1", maximumExpiry: 300)
        for kind in IamTokenKind.allCases {
            let token = token(kind)
            XCTAssertRefused(.expiryTooLong) { () throws(IamAuthenticationError) in
                _ = try IamTokenVerifier(settings: strict).verify(
                    try parse(kind, token), key: token.keyMaterial, acceptedHosts: acceptedHosts(kind), now: token.signedAt)
            }
        }
    }
}
