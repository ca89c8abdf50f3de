import KafkaProtocol
import XCTest

@testable import Gateway

final class AddressBearingConfigsTests: XCTestCase {
    func testConfigsNamedForAddressesAreWithheldWhateverTheirValue() {
        for name in ["listeners", "advertised.listeners", "host.name", "port", "advertised.host.name", "advertised.port",
                     "controller.quorum.voters", "controller.quorum.bootstrap.servers", "zookeeper.connect",
                     "confluent.metrics.reporter.bootstrap.servers"] {
            XCTAssertTrue(AddressBearingConfigs.namesAddress(name: name, value: "broker-1.internal"), name)
            XCTAssertTrue(AddressBearingConfigs.namesAddress(name: name, value: nil), name)
        }
    }

    func testListenerNamesAndProtocolsAreNotAddresses() {
        let kept = [
            ("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SSL:SSL,CONTROLLER:PLAINTEXT"),
            ("inter.broker.listener.name", "PLAINTEXT"),
            ("controller.listener.names", "CONTROLLER"),
            ("ssl.principal.mapping.rules", "RULE:^CN=(.*?),OU=Services$/$1/L,DEFAULT"),
            ("super.users", "User:admin;User:relay"),
            ("log.dirs", "/var/lib/kafka/data"),
            ("num.network.threads", "3"),
        ]
        for (name, value) in kept {
            XCTAssertFalse(AddressBearingConfigs.namesAddress(name: name, value: value), name)
        }
    }

    func testAnyOtherConfigHoldingAHostAndPortOrAUriIsWithheld() {
        for value in ["10.0.0.5:9092", "broker-1.internal:9092,broker-2.internal:9092", "[fd00::5]:9092",
                      "1@10.0.0.9:9093", "https://idp.internal/jwks", "SASL_SSL://:9094"] {
            XCTAssertTrue(AddressBearingConfigs.holdsHostAndPort(value), value)
        }
        for value in ["::1", "host:", "ratio:123456", "12"] {
            XCTAssertFalse(AddressBearingConfigs.holdsHostAndPort(value), value)
        }
    }

    func testASynonymNamingAnAddressWithholdsTheWholeEntry() {
        var result = DescribeConfigsResponse.DescribeConfigsResult(resourceType: 4, resourceName: "1", configs: [
            .init(name: "plugin.endpoint", value: "default", synonyms: [.init(name: "plugin.endpoint", value: "10.0.0.7:8080", source: 4)]),
        ])
        AddressBearingConfigs.withhold(in: &result)
        XCTAssertNil(result.configs[0].value)
        XCTAssertEqual(result.configs[0].synonyms.map(\.value), [nil])
        XCTAssertTrue(result.configs[0].isSensitive)
    }
}
