import Authorization
import Properties
import XCTest
@testable import Gateway

/// The quota and connection-limit keys of gateway.properties.
final class QuotaSettingsPropertiesTests: XCTestCase {
    private let base = """
        listeners=SASL_PLAINTEXT://127.0.0.1:9096
        upstream.bootstrap.servers=127.0.0.1:9092

        """

    func testEveryKeyIsRead() throws {
        let configuration = try GatewayConfiguration(properties: base + """
            quota.window.num=4
            quota.window.size.seconds=2
            max.connections=1000
            listener.name.sasl_plaintext.max.connections=500
            max.connections.per.ip=50
            max.connections.per.ip.overrides=10.0.0.1:200,::1:7
            max.connections.per.cidr=10.0.0.0/8:300
            max.connections.per.principal=20
            max.connection.creation.rate=100
            listener.name.sasl_plaintext.max.connection.creation.rate=25
            """)
        let quotas = configuration.quotas
        XCTAssertEqual(quotas.window, QuotaWindow(samples: 4, sampleDuration: .seconds(2)))
        XCTAssertEqual(quotas.connections.maximum, 1000)
        XCTAssertEqual(quotas.connections.perListener, ["SASL_PLAINTEXT": 500])
        XCTAssertEqual(quotas.connections.perAddress, 50)
        XCTAssertEqual(quotas.connections.perAddressOverrides, [IPAddress("10.0.0.1")!: 200, IPAddress("::1")!: 7])
        XCTAssertEqual(quotas.connections.perBlock, [.init(block: try CIDRBlock("10.0.0.0/8"), maximum: 300)])
        XCTAssertEqual(quotas.connections.perPrincipal, 20)
        XCTAssertEqual(quotas.connections.creationRate, 100)
        XCTAssertEqual(quotas.connections.creationRatePerListener, ["SASL_PLAINTEXT": 25])
    }

    func testDefaults() throws {
        let quotas = try GatewayConfiguration(properties: base).quotas
        XCTAssertEqual(quotas.window, QuotaWindow(samples: 11, sampleDuration: .seconds(1)))
        XCTAssertNil(quotas.connections.maximum)
        XCTAssertNil(quotas.connections.perPrincipal)
        XCTAssertEqual(quotas.connections.creationRate, 10_000)
    }

    func testBadValuesNameTheirLine() {
        for (line, expected) in [
            ("quota.window.num=1", "at least 2"),
            ("max.connections=0", "at least 1"),
            ("max.connections.per.ip.overrides=example.com:3", "not an IP address"),
            ("max.connections.per.cidr=10.0.0.0/8", "KEY:N"),
            ("max.connections.per.cidr=10.0.0.0/33:4", "10.0.0.0/33"),
        ] {
            XCTAssertThrowsError(try GatewayConfiguration(properties: base + line), line) { error in
                let message = "\(error)"
                XCTAssertTrue(message.contains("3"), "\(line): \(message) names no line")
                XCTAssertTrue(message.contains(expected), "\(line): \(message)")
            }
        }
    }
}
