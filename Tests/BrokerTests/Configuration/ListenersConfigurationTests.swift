import Broker
import XCTest

/// Kafka's `listeners` and `advertised.listeners` in broker.properties.
final class ListenersConfigurationTests: XCTestCase {
    private func configured(_ text: String) throws -> [BrokerListener] {
        var configuration = BrokerConfiguration()
        configuration.listen = SocketAddressSpec(host: "127.0.0.1", port: 9092)
        try configuration.apply(properties: text)
        return configuration.listeners
    }

    private func refusal(_ text: String) -> String {
        var configuration = BrokerConfiguration()
        do {
            try configuration.apply(properties: text)
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    func testListenFromTheCommandLineIsOnePlaintextListenerUnlessTheFileNamesListeners() throws {
        XCTAssertEqual(try configured(""), [BrokerListener(name: "PLAINTEXT", bind: SocketAddressSpec(host: "127.0.0.1", port: 9092))])
        XCTAssertEqual(try configured("listeners=INTERNAL://127.0.0.1:9093"),
                       [BrokerListener(name: "INTERNAL", bind: SocketAddressSpec(host: "127.0.0.1", port: 9093))])
    }

    func testAdvertisedListenersApplyByNameInEitherOrderAndTheRestAdvertiseTheirBinding() throws {
        let listeners = try configured("""
            advertised.listeners=front://localhost:7000
            listeners=PLAINTEXT://127.0.0.1:0,FRONT://[::1]:7001
            """)
        XCTAssertEqual(listeners, [
            BrokerListener(name: "PLAINTEXT", bind: SocketAddressSpec(host: "127.0.0.1", port: 0)),
            BrokerListener(name: "FRONT", bind: SocketAddressSpec(host: "::1", port: 7001),
                           advertised: SocketAddressSpec(host: "localhost", port: 7000)),
        ])
    }

    func testAdvertisedListenersAlsoNameTheListenerOfListen() throws {
        XCTAssertEqual(try configured("advertised.listeners=PLAINTEXT://broker.local:9092")[0].advertised,
                       SocketAddressSpec(host: "broker.local", port: 9092))
    }

    func testBadListenersAreRefusedNamingThePropertyAndLine() {
        XCTAssertEqual(refusal("node.id=1\nlisteners=PLAINTEXT://127.0.0.1:1,PLAINTEXT://127.0.0.1:2"),
                       "line 2: listeners: the name PLAINTEXT appears twice")
        XCTAssertEqual(refusal("listeners=A://127.0.0.1:9092,B://localhost:9092"),
                       "line 1: listeners: port 9092 is used by two listeners")
        XCTAssertEqual(refusal("listeners=127.0.0.1:9092"),
                       "line 1: listeners: '127.0.0.1:9092' is not NAME://HOST:PORT (name of letters, digits and _; port 0-65535)")
        XCTAssertEqual(refusal("listeners=A://:9092"),
                       "line 1: listeners: 'A://:9092' is not NAME://HOST:PORT (name of letters, digits and _; port 0-65535)")
        XCTAssertEqual(refusal("listeners=A://127.0.0.1:70000"),
                       "line 1: listeners: 'A://127.0.0.1:70000' is not NAME://HOST:PORT (name of letters, digits and _; port 0-65535)")
        XCTAssertEqual(refusal("listeners="), "line 1: listeners must name at least one NAME://HOST:PORT")
    }

    func testEphemeralPortsMayRepeat() throws {
        XCTAssertEqual(try configured("listeners=A://127.0.0.1:0,B://127.0.0.1:0").map(\.bind.port), [0, 0])
    }

    func testBadAdvertisedListenersAreRefusedNamingThePropertyAndLine() {
        XCTAssertEqual(refusal("listeners=A://127.0.0.1:1\nadvertised.listeners=B://localhost:2"),
                       "line 2: advertised.listeners: B is not a listener (listeners: A)")
        XCTAssertEqual(refusal("listeners=A://127.0.0.1:1\nadvertised.listeners=A://localhost:2,A://localhost:3"),
                       "line 2: advertised.listeners: the name A appears twice")
        XCTAssertEqual(refusal("listeners=A://127.0.0.1:1\nadvertised.listeners=A://localhost:0"),
                       "line 2: advertised.listeners: 'A://localhost:0' is not NAME://HOST:PORT (name of letters, digits and _; port 1-65535)")
        XCTAssertEqual(refusal("listeners=A://127.0.0.1:1\nadvertised.listeners=A://0.0.0.0:1"),
                       "line 2: advertised.listeners: A advertises 0.0.0.0, which no client can connect to")
    }

    func testAdvertisedPortsMayRepeatAsInKafka() throws {
        let listeners = try configured("listeners=A://127.0.0.1:1,B://127.0.0.1:2\nadvertised.listeners=A://h:5,B://h:5")
        XCTAssertEqual(listeners.map(\.advertised), [SocketAddressSpec(host: "h", port: 5), SocketAddressSpec(host: "h", port: 5)])
    }
}
