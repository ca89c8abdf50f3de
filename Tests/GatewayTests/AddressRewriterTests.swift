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
}
