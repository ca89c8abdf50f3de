import KafkaProtocol
import XCTest

@testable import Gateway

final class AddressRewriterTests: XCTestCase {
    private let singleNode = AddressRewriter(nodes: AdvertisedNodes(host: "gw.example", listenerPort: 9096, nodePortBase: nil))
    private let perNode = AddressRewriter(nodes: AdvertisedNodes(host: "gw.example", listenerPort: 9096, nodePortBase: 19100))

    func testMetadataBrokersGetGatewayAddresses() {
        var body = KafkaResponseBody.metadata(MetadataResponse(brokers: [
            .init(nodeId: 1, host: "10.0.0.5", port: 9092, rack: "a"),
            .init(nodeId: 2, host: "10.0.0.6", port: 9092),
        ]))
        perNode.rewrite(&body)
        guard case .metadata(let response) = body else { return XCTFail("not metadata") }
        XCTAssertEqual(response.brokers.map(\.host), ["gw.example", "gw.example"])
        XCTAssertEqual(response.brokers.map(\.port), [19101, 19102])
        XCTAssertEqual(response.brokers.map(\.rack), ["a", nil])
    }

    func testSingleNodeUpstreamIsAdvertisedAtTheListenerPort() {
        var body = KafkaResponseBody.describeCluster(DescribeClusterResponse(brokers: [.init(brokerId: 7, host: "broker-7.internal", port: 9092)]))
        singleNode.rewrite(&body)
        guard case .describeCluster(let response) = body else { return XCTFail("not describeCluster") }
        XCTAssertEqual(response.brokers.map(\.host), ["gw.example"])
        XCTAssertEqual(response.brokers.map(\.port), [9096])
    }

    func testCoordinatorsOfBothShapesAreRewritten() {
        var body = KafkaResponseBody.findCoordinator(FindCoordinatorResponse(
            nodeId: 3, host: "10.0.0.7", port: 9092,
            coordinators: [.init(key: "group-a", nodeId: 4, host: "10.0.0.8", port: 9092)]
        ))
        perNode.rewrite(&body)
        guard case .findCoordinator(let response) = body else { return XCTFail("not findCoordinator") }
        XCTAssertEqual([response.host, response.coordinators[0].host], ["gw.example", "gw.example"])
        XCTAssertEqual([response.port, response.coordinators[0].port], [19103, 19104])
    }

    func testNodeWithoutAGatewayPortIsHiddenNeverLeaked() {
        let narrow = AddressRewriter(nodes: AdvertisedNodes(host: "gw", listenerPort: 9096, nodePortBase: 65530))
        var metadata = KafkaResponseBody.metadata(MetadataResponse(brokers: [.init(nodeId: 1, host: "10.0.0.5", port: 9092), .init(nodeId: 100, host: "10.0.0.9", port: 9092)]))
        narrow.rewrite(&metadata)
        guard case .metadata(let response) = metadata else { return XCTFail("not metadata") }
        XCTAssertEqual(response.brokers.map(\.nodeId), [1])

        var coordinator = KafkaResponseBody.findCoordinator(FindCoordinatorResponse(nodeId: 100, host: "10.0.0.9", port: 9092))
        narrow.rewrite(&coordinator)
        guard case .findCoordinator(let found) = coordinator else { return XCTFail("not findCoordinator") }
        XCTAssertEqual(found.errorCode, KafkaErrorCode.coordinatorNotAvailable.rawValue)
        XCTAssertEqual(found.host, "")
    }

    func testDescribeConfigsWithholdsBrokerAddressesAndLeavesTopicsAlone() {
        typealias Config = DescribeConfigsResponse.DescribeConfigsResourceResult
        let listeners = Config(name: "advertised.listeners", value: "PLAINTEXT://10.0.0.5:9092", configSource: 1, synonyms: [
            .init(name: "advertised.listeners", value: "PLAINTEXT://10.0.0.5:9092", source: 1),
            .init(name: "advertised.listeners", value: "PLAINTEXT://broker-1.internal:9092", source: 4),
        ])
        let voters = Config(name: "controller.quorum.voters", value: "1@10.0.0.9:9093", readOnly: true, configSource: 4)
        let protocols = Config(name: "listener.security.protocol.map", value: "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT", configSource: 4)
        let retention = Config(name: "retention.ms", value: "604800000", configSource: 5)
        // A topic config that happens to hold a host:port is the topic owner's own business.
        let topicNote = Config(name: "custom.note", value: "mirror of 10.0.0.5:9092", configSource: 1)
        var body = KafkaResponseBody.describeConfigs(DescribeConfigsResponse(results: [
            .init(resourceType: 4, resourceName: "1", configs: [listeners, voters, protocols]),
            .init(resourceType: 8, resourceName: "1", configs: [.init(name: "kafka.network.Acceptor", value: "INFO"),
                                                            .init(name: "listeners", value: "PLAINTEXT://:9092")]),
            .init(resourceType: 2, resourceName: "orders", configs: [retention, topicNote]),
        ]))
        XCTAssertTrue(AddressRewriter.needsRewriting(.describeConfigs))
        perNode.rewrite(&body)
        guard case .describeConfigs(let response) = body else { return XCTFail("not describeConfigs") }
        let broker = response.results[0].configs
        XCTAssertEqual(broker.map(\.name), ["advertised.listeners", "controller.quorum.voters", "listener.security.protocol.map"])
        XCTAssertEqual(broker.map(\.value), [nil, nil, "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"])
        XCTAssertEqual(broker.map(\.isSensitive), [true, true, false])
        XCTAssertEqual(broker[0].synonyms.map(\.value), [nil, nil])
        XCTAssertEqual(broker[0].synonyms.map(\.source), [1, 4])
        XCTAssertEqual(broker[1].readOnly, true)
        XCTAssertEqual(response.results[1].configs.map(\.value), ["INFO", nil])
        XCTAssertEqual(response.results[2].configs, [retention, topicNote])
    }
}
