@testable import Broker
import Foundation
import Logging
import XCTest

/// ClusterHandlers over a real topic registry and log manager in a fresh data directory.
struct ClusterHandlersFixture {
    let handlers: ClusterHandlers
    let topics: TopicRegistry
    /// The address the handlers are told the request arrived for.
    let advertised = SocketAddressSpec(host: "127.0.0.1", port: 19092)

    static func make(_ test: XCTestCase) async throws -> ClusterHandlersFixture {
        let fixture = try await LogFixture.make(test)
        var configuration = BrokerConfiguration()
        configuration.dataDirectory = fixture.dataDirectory
        let meta = URL(fileURLWithPath: fixture.dataDirectory).appendingPathComponent("meta", isDirectory: true)
        let topics = try TopicRegistry(metaDirectory: meta)
        let logs = LogManager(dataDirectory: fixture.dataDirectory, cipher: fixture.cipher, defaults: configuration.log,
                              logger: Logger(label: "test"))
        let handlers = ClusterHandlers(configuration: configuration, topics: topics, logs: logs)
        return ClusterHandlersFixture(handlers: handlers, topics: topics)
    }
}
