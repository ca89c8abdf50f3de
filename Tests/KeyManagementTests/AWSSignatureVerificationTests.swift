import AWSSigV4
import Crypto
import Foundation
import KeyManagement
import MotoTestServer
import Synchronization
import XCTest

/// Signatures checked by a verifier that is not ours: moto with IAM
/// authentication switched on recomputes every request's SigV4 signature
/// with botocore and refuses a mismatch, as AWS does.
final class AWSSignatureVerificationTests: XCTestCase {
    /// An IAM user's access key and an assumed role's temporary credentials, both allowed kms:*.
    private struct Fixture: Sendable {
        var server: AWSMotoServer
        var userKeyId, userSecret: String
        var sessionKeyId, sessionSecret, sessionToken: String
    }

    private static let fixture = Mutex<Result<Fixture, any Error>?>(nil)

    /// Made while moto still accepts anything; the last step turns authentication on.
    private static let setUpIAM = """
        import json, sys, urllib.request
        import boto3
        endpoint = sys.argv[1]
        anyone = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="setup", aws_secret_access_key="setup")
        iam = boto3.client("iam", **anyone)
        allow_kms = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]})
        iam.create_user(UserName="portcullis")
        iam.put_user_policy(UserName="portcullis", PolicyName="kms", PolicyDocument=allow_kms)
        key = iam.create_access_key(UserName="portcullis")["AccessKey"]
        trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]})
        role = iam.create_role(RoleName="portcullis-kms", AssumeRolePolicyDocument=trust)["Role"]
        iam.put_role_policy(RoleName="portcullis-kms", PolicyName="kms", PolicyDocument=allow_kms)
        session = boto3.client("sts", **anyone).assume_role(RoleArn=role["Arn"], RoleSessionName="portcullis")["Credentials"]
        urllib.request.urlopen(urllib.request.Request(
            endpoint + "/moto-api/reset-auth", data=b"0", method="POST", headers={"Content-Type": "text/plain"}))
        print(json.dumps([key["AccessKeyId"], key["SecretAccessKey"],
                          session["AccessKeyId"], session["SecretAccessKey"], session["SessionToken"]]))
        """

    override class func setUp() {
        super.setUp()
        fixture.withLock { fixture in
            fixture = Result {
                let server = try AWSMotoServer.start()
                do {
                    let printed = try server.runPython(setUpIAM)
                    guard let values = try JSONSerialization.jsonObject(with: Data(printed.utf8)) as? [String], values.count == 5 else {
                        throw AWSMotoServer.Unavailable(description: "unexpected IAM setup output: \(printed)")
                    }
                    return Fixture(
                        server: server,
                        userKeyId: values[0], userSecret: values[1],
                        sessionKeyId: values[2], sessionSecret: values[3], sessionToken: values[4]
                    )
                } catch {
                    server.stop()
                    throw error
                }
            }
        }
    }

    override class func tearDown() {
        fixture.withLock { fixture in
            try? fixture?.get().server.stop()
            fixture = nil
        }
        super.tearDown()
    }

    private var services: [AWSKeyService] = []

    override func tearDown() async throws {
        for service in services { try await service.shutdown() }
    }

    private func fixture() throws -> Fixture {
        try Self.fixture.withLock { try $0!.get() }
    }

    private func service(_ credentials: AWSCredentials) throws -> AWSKeyService {
        let service = AWSKeyService(configuration: try AWSKeyServiceConfiguration(
            region: "us-east-1", endpoint: try fixture().server.endpoint, credentials: credentials, requestTimeout: .seconds(5)
        ))
        services.append(service)
        return service
    }

    private func assertRoundTrip(_ service: AWSKeyService, file: StaticString = #filePath, line: UInt = #line) async throws {
        let key = try await service.createKey(alias: nil, description: "signed")
        let context = ["segment": "7"]
        let dataKey = try await service.generateDataKey(keyId: key.keyId, context: context)
        let unwrapped = try await service.decrypt(dataKey.wrapped, context: context)
        XCTAssertEqual(unwrapped, dataKey.plaintext, file: file, line: line)
    }

    func testIAMUserSignaturesAreAccepted() async throws {
        let fixture = try fixture()
        try await assertRoundTrip(service(AWSCredentials(accessKeyId: fixture.userKeyId, secretAccessKey: fixture.userSecret)))
    }

    func testTemporaryCredentialsSignTheSessionToken() async throws {
        let fixture = try fixture()
        try await assertRoundTrip(service(AWSCredentials(
            accessKeyId: fixture.sessionKeyId, secretAccessKey: fixture.sessionSecret, sessionToken: fixture.sessionToken
        )))
    }

    func testWrongSecretIsRefusedWithoutEchoingIt() async throws {
        let fixture = try fixture()
        let wrongSecret = "not-\(fixture.userSecret)"
        let impostor = try service(AWSCredentials(accessKeyId: fixture.userKeyId, secretAccessKey: wrongSecret))
        do {
            _ = try await impostor.listKeys()
            XCTFail("moto accepted a signature made with the wrong secret")
        } catch {
            XCTAssertEqual(error, .serviceFailure("AWS KMS ListKeys failed: SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."))
            XCTAssertFalse("\(error)".contains(fixture.userSecret))
        }
    }

    func testWrongSessionTokenIsRefusedWithoutEchoingIt() async throws {
        let fixture = try fixture()
        let wrongToken = String(fixture.sessionToken.reversed())
        let tampered = try service(AWSCredentials(
            accessKeyId: fixture.sessionKeyId, secretAccessKey: fixture.sessionSecret, sessionToken: wrongToken
        ))
        do {
            _ = try await tampered.listKeys()
            XCTFail("moto accepted a wrong session token")
        } catch {
            XCTAssertEqual(error, .serviceFailure("AWS KMS ListKeys failed: InvalidClientTokenId: The security token included in the request is invalid."))
            XCTAssertFalse("\(error)".contains(wrongToken))
        }
    }
}
