import AWSSigV4
import Foundation
import KeyManagement
import XCTest

final class AWSConfigurationTests: XCTestCase {
    private let credentials = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    func testDefaultEndpointIsTheRegionalHTTPSEndpoint() throws {
        let configuration = try AWSKeyServiceConfiguration(region: "eu-west-1", credentials: credentials)
        XCTAssertEqual(configuration.endpoint.url, "https://kms.eu-west-1.amazonaws.com/")
        XCTAssertEqual(configuration.endpoint.host, "kms.eu-west-1.amazonaws.com")
        XCTAssertEqual(configuration.requestTimeout, .seconds(10))
    }

    func testEndpointHostCarriesOnlyANonDefaultPort() throws {
        XCTAssertEqual(try AWSEndpoint("https://kms.example.com:443").host, "kms.example.com")
        XCTAssertEqual(try AWSEndpoint("https://kms.example.com:8443/").url, "https://kms.example.com:8443/")
        XCTAssertEqual(try AWSEndpoint("http://127.0.0.1:5599").host, "127.0.0.1:5599")
        XCTAssertEqual(try AWSEndpoint("http://localhost:5599/").url, "http://localhost:5599/")
        XCTAssertEqual(try AWSEndpoint("http://[::1]:5599").host, "[::1]:5599")
    }

    func testPlainHTTPIsRefusedBeyondLoopback() {
        for endpoint in ["http://kms.us-east-1.amazonaws.com", "http://10.0.0.7:5599", "http://127.example.com", "http://128.0.0.1"] {
            XCTAssertThrowsError(try AWSEndpoint(endpoint), endpoint) { error in
                XCTAssertEqual(error as? AWSConfigurationError, .insecureEndpoint(endpoint))
            }
        }
    }

    func testMalformedEndpointsAreRefused() {
        for endpoint in ["kms.us-east-1.amazonaws.com", "ftp://kms.example.com", "https://", "https://kms.example.com/path",
                         "https://kms.example.com/?a=b", "https://user:pass@kms.example.com"] {
            XCTAssertThrowsError(try AWSEndpoint(endpoint), endpoint) { error in
                XCTAssertEqual(error as? AWSConfigurationError, .invalidEndpoint(endpoint))
            }
        }
    }

    func testRegionMustBeARegionName() {
        for region in ["", "us-east-1.evil.com", "US-EAST-1", "us east"] {
            XCTAssertThrowsError(try AWSKeyServiceConfiguration(region: region, credentials: credentials), region) { error in
                XCTAssertEqual(error as? AWSConfigurationError, .invalidRegion(region))
            }
        }
    }

    func testEnvironmentGivesRegionEndpointAndCredentials() throws {
        let configuration = try AWSKeyServiceConfiguration.fromEnvironment([
            "AWS_DEFAULT_REGION": "eu-central-1",
            "AWS_ENDPOINT_URL": "https://other.example.com",
            "AWS_ENDPOINT_URL_KMS": "http://127.0.0.1:5599",
            "AWS_ACCESS_KEY_ID": "ASIAEXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "secret-from-env",
            "AWS_SESSION_TOKEN": "token-from-env",
        ])
        XCTAssertEqual(configuration.region, "eu-central-1")
        XCTAssertEqual(configuration.endpoint.url, "http://127.0.0.1:5599/")
        XCTAssertEqual(configuration.credentials.accessKeyId, "ASIAEXAMPLE")
        XCTAssertTrue(configuration.credentials.isTemporary)

        let explicit = try AWSKeyServiceConfiguration.fromEnvironment(
            ["AWS_REGION": "us-west-2", "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": ""],
            region: "ap-south-1"
        )
        XCTAssertEqual(explicit.region, "ap-south-1")
        XCTAssertEqual(explicit.endpoint.url, "https://kms.ap-south-1.amazonaws.com/")
        XCTAssertFalse(explicit.credentials.isTemporary, "an empty AWS_SESSION_TOKEN is no token")
    }

    func testMissingEnvironmentIsNamed() {
        XCTAssertThrowsError(try AWSKeyServiceConfiguration.fromEnvironment(["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "s"])) {
            XCTAssertEqual($0 as? AWSConfigurationError, .missingRegion)
        }
        XCTAssertThrowsError(try AWSKeyServiceConfiguration.fromEnvironment(["AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKID"])) {
            XCTAssertEqual($0 as? AWSConfigurationError, .missingEnvironmentVariable("AWS_SECRET_ACCESS_KEY"))
            XCTAssertEqual("\($0)", "the environment variable AWS_SECRET_ACCESS_KEY is not set")
        }
    }

    func testCredentialsNeverPrintTheirSecrets() {
        let credentials = AWSCredentials(accessKeyId: "ASIAEXAMPLE", secretAccessKey: "s3cr3t-access-key", sessionToken: "s3ss10n-t0k3n")
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in [credentials.description, credentials.debugDescription, String(reflecting: credentials), dumped] {
            XCTAssertTrue(text.contains("ASIAEXAMPLE"), text)
            XCTAssertFalse(text.contains("s3cr3t"), text)
            XCTAssertFalse(text.contains("t0k3n"), text)
        }
    }
}
