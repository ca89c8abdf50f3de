@testable import Broker
import Foundation
import KafkaProtocol
import Logging
import XCTest

/// Two listeners on one broker: each connection is told the advertised
/// address of the listener it arrived on.
final class ListenersTests: XCTestCase {
    func testEachListenerAnswersWithItsOwnAdvertisedAddress() async throws {
        let fixture = try await LogFixture.make(self)
        var configuration = BrokerConfiguration()
        configuration.dataDirectory = fixture.dataDirectory + "/broker"
        try configuration.apply(properties: """
            listeners=PLAINTEXT://127.0.0.1:0,FRONT://127.0.0.1:0
            advertised.listeners=FRONT://localhost:29999
            """)
        let broker = try await EmbeddedBroker(configuration: configuration, logger: Logger(label: "test"))
        let serving = Task { try await broker.run() }
        defer { serving.cancel() }

        let plain = broker.listeners[0]
        let front = broker.listeners[1]
        XCTAssertEqual(plain.name, "PLAINTEXT")
        XCTAssertNotEqual(plain.bound.port, 0, "port 0 binds an ephemeral port")
        XCTAssertEqual(plain.advertised, plain.bound, "a listener left out of advertised.listeners advertises its bound address")
        XCTAssertEqual(front.advertised, SocketAddressSpec(host: "localhost", port: 29999))
        XCTAssertNotEqual(front.bound.port, plain.bound.port)

        for listener in [plain, front] {
            let expected = "\(listener.advertised)"
            let answered = try await KafkaTestClient.withConnection(to: listener.bound) { client in
                let metadata = try await client.send(.metadata(MetadataRequest(topics: nil)), version: 12)
                let coordinator = try await client.send(
                    .findCoordinator(FindCoordinatorRequest(keyType: 0, coordinatorKeys: ["g"])), version: 4
                )
                let cluster = try await client.send(.describeCluster(DescribeClusterRequest()), version: 0)
                return [metadata, coordinator, cluster].map(Self.brokerAddresses)
            }
            XCTAssertEqual(answered, [[expected], [expected], [expected]], listener.name)
        }
    }

    /// The `host:port` of each broker or coordinator a response names.
    private static func brokerAddresses(_ response: KafkaResponseBody) -> [String] {
        switch response {
        case .metadata(let body): body.brokers.map { "\($0.host):\($0.port)" }
        case .findCoordinator(let body): body.coordinators.map { "\($0.host):\($0.port)" }
        case .describeCluster(let body): body.brokers.map { "\($0.host):\($0.port)" }
        default: ["unexpected \(response.apiKey.name)"]
        }
    }
}
