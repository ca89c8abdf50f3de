import Authentication
import Authorization
import Foundation
import Properties
import XCTest
@testable import Gateway

/// The IAM side of the gateway's properties file: the mechanisms a listener
/// offers and every `iam.*` setting, with what each refuses.
final class IamConfigurationTests: XCTestCase {
    private func configuration(_ lines: String...) throws(ConfigurationError) -> GatewayConfiguration {
        let base = [
            "listeners=SASL_SSL://0.0.0.0:9098", "advertised.host=b-1.portcullis.example.com",
            "upstream.bootstrap.servers=127.0.0.1:9092",
            "ssl.certificate.location=/etc/server.pem", "ssl.key.location=/etc/server.key",
        ]
        return try GatewayConfiguration(properties: (base + lines).joined(separator: "\n"))
    }

    private func mechanisms(_ configuration: GatewayConfiguration, file: StaticString = #filePath, line: UInt = #line) -> [SaslMechanism] {
        guard case .sasl(let mechanisms) = configuration.listeners[0].authentication else {
            XCTFail("not SASL: \(configuration.listeners[0].authentication)", file: file, line: line)
            return []
        }
        return mechanisms
    }

    private func assertRefused(_ lines: String..., saying expected: String..., file: StaticString = #filePath, line: UInt = #line) {
        do {
            let text = lines.joined(separator: "\n")
            _ = try configuration(text)
            XCTFail("accepted: \(text)", file: file, line: line)
        } catch {
            for part in expected {
                XCTAssertTrue(error.description.contains(part), "\(error) does not say \(part)", file: file, line: line)
            }
        }
    }

    func testTheIamMechanismsAreOfferedAloneOrWithScram() throws {
        XCTAssertEqual(mechanisms(try configuration("sasl.enabled.mechanisms=OAUTHBEARER,AWS_MSK_IAM")), [.iam(.oauthBearer), .iam(.mskIam)])
        XCTAssertEqual(mechanisms(try configuration("sasl.enabled.mechanisms=AWS_MSK_IAM")), [.iam(.mskIam)])
        XCTAssertEqual(
            mechanisms(try configuration("sasl.enabled.mechanisms=SCRAM-SHA-512, OAUTHBEARER, SCRAM-SHA-256, AWS_MSK_IAM")),
            [.scram(.sha512), .iam(.oauthBearer), .scram(.sha256), .iam(.mskIam)]
        )
        XCTAssertEqual(mechanisms(try configuration("listener.name.SASL_SSL.sasl.enabled.mechanisms=OAUTHBEARER")), [.iam(.oauthBearer)])
        XCTAssertEqual(mechanisms(try configuration()), [.scram(.sha512), .scram(.sha256)], "SCRAM unless told otherwise")
        XCTAssertEqual(try configuration().listeners[0].advertisedHost, "b-1.portcullis.example.com", "what AWS_MSK_IAM tokens sign")
    }

    func testAnUnknownMechanismIsRefusedNamingTheSupportedOnes() {
        for unknown in ["PLAIN", "GSSAPI", "oauthbearer", "AWS_MSK_IAM2"] {
            assertRefused("sasl.enabled.mechanisms=AWS_MSK_IAM,\(unknown)",
                          saying: "unsupported SASL mechanism '\(unknown)'", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER", "AWS_MSK_IAM")
        }
        assertRefused("sasl.enabled.mechanisms=", saying: "sasl.enabled.mechanisms is empty")
    }

    func testTheDefaultsNameTheDevelopmentCluster() throws {
        let iam = try configuration().authorization.iam
        XCTAssertEqual(iam, IamSettings())
        XCTAssertEqual(iam.cluster, IamClusterIdentity(
            region: "us-east-1", accountId: "000000000000", clusterName: "portcullis", clusterUuid: "00000000-0000-0000-0000-000000000000-1"
        ))
        XCTAssertEqual(iam.maximumClockSkew, 300)
        XCTAssertEqual(iam.acceptedHosts(for: .oauthBearer, advertisedHost: "b-1"), ["kafka.us-east-1.amazonaws.com"])
        XCTAssertEqual(iam.acceptedHosts(for: .mskIam, advertisedHost: "b-1"), ["b-1"])
    }

    func testEveryIamSettingIsRead() throws {
        let iam = try configuration(
            "iam.region=eu-central-1", "iam.account.id=123456789012", "iam.cluster.name=orders-prod",
            "iam.cluster.uuid=2f6b1c2e-1111-2222-3333-444455556666-7", "iam.clock.skew.ms=1500",
            "iam.oauthbearer.signed.hosts=Kafka.EU-Central-1.amazonaws.com, gateway.example.com",
            "iam.aws_msk_iam.signed.hosts=b-2.portcullis.example.com,B-3.Portcullis.Example.com"
        ).authorization.iam
        XCTAssertEqual(iam.cluster, IamClusterIdentity(
            region: "eu-central-1", accountId: "123456789012", clusterName: "orders-prod", clusterUuid: "2f6b1c2e-1111-2222-3333-444455556666-7"
        ))
        XCTAssertEqual(iam.cluster.userArn("alice"), "arn:aws:iam::123456789012:user/alice")
        XCTAssertEqual(iam.cluster.clusterArn, "arn:aws:kafka:eu-central-1:123456789012:cluster/orders-prod/2f6b1c2e-1111-2222-3333-444455556666-7")
        XCTAssertEqual(iam.maximumClockSkew, 1.5)
        XCTAssertEqual(iam.verification.region, "eu-central-1")
        XCTAssertEqual(iam.oauthBearerHosts, ["kafka.eu-central-1.amazonaws.com", "gateway.example.com"])
        XCTAssertEqual(iam.acceptedHosts(for: .oauthBearer, advertisedHost: "b-1"), ["kafka.eu-central-1.amazonaws.com", "gateway.example.com"])
        XCTAssertEqual(iam.acceptedHosts(for: .mskIam, advertisedHost: "b-1.portcullis.example.com"),
                       ["b-1.portcullis.example.com", "b-2.portcullis.example.com", "b-3.portcullis.example.com"])
    }

    func testTheRegionDecidesOAuthBearersHostWhenNoneIsConfigured() throws {
        let iam = try configuration("iam.region=ap-southeast-2").authorization.iam
        XCTAssertEqual(iam.acceptedHosts(for: .oauthBearer, advertisedHost: "b-1"), ["kafka.ap-southeast-2.amazonaws.com"])
    }

    func testAZeroClockSkewIsAllowed() throws {
        XCTAssertEqual(try configuration("iam.clock.skew.ms=0").authorization.iam.maximumClockSkew, 0)
    }

    func testTheAccountIdIsTwelveDigits() {
        for value in ["12345678901", "1234567890123", "12345678901a", "", "-12345678901", "１２３４５６７８９０１２"] {
            assertRefused("iam.account.id=\(value)", saying: "iam.account.id is 12 digits")
        }
    }

    func testArnPartsMayNotChangeAnArnsShape() {
        for key in ["iam.region", "iam.cluster.name", "iam.cluster.uuid"] {
            for value in ["a/b", "a:b", "", "a b"] {
                assertRefused("\(key)=\(value)", saying: key, "without '/', ':'")
            }
        }
    }

    func testANegativeClockSkewIsRefused() {
        assertRefused("iam.clock.skew.ms=-1", saying: "iam.clock.skew.ms must not be negative")
        assertRefused("iam.clock.skew.ms=soon", saying: "iam.clock.skew.ms")
    }

    func testAnUnknownIamSettingIsRefused() {
        assertRefused("iam.acount.id=123456789012", saying: "iam.acount.id")
    }
}
