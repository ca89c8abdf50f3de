import NIOCore
import NIOPosix
import Observability
import Synchronization
import XCTest

/// The metrics port over a real socket.
final class MetricsServerTests: XCTestCase {
    func testServesMetricsHealthAndReadiness() async throws {
        let metrics = PortcullisMetrics(level: .basic)
        metrics.connectionsCreated.increment("PLAIN")
        let upstreamUp = Mutex(false)
        let server = try await MetricsServer.start(host: "127.0.0.1", port: 0, metrics: metrics) {
            [ReadinessCheck("upstream") { upstreamUp.withLock { $0 } ? nil : "no upstream connection" }]
        }
        let port = try XCTUnwrap(server.port)

        let scraped = try get(port, "/metrics")
        XCTAssertEqual(scraped.status, 200)
        XCTAssertTrue(scraped.body.contains(#"portcullis_connections_created_total{listener="PLAIN"} 1"#), scraped.body)
        XCTAssertTrue(scraped.headers.lowercased().contains("content-type: text/plain; version=0.0.4"), scraped.headers)

        XCTAssertEqual(try get(port, "/healthz").status, 200)
        let notReady = try get(port, "/readyz")
        XCTAssertEqual(notReady.status, 503)
        XCTAssertTrue(notReady.body.contains("upstream: no upstream connection"), notReady.body)
        upstreamUp.withLock { $0 = true }
        XCTAssertEqual(try get(port, "/readyz").status, 200)

        XCTAssertEqual(try get(port, "/other").status, 404)
        XCTAssertEqual(try get(port, "/metrics", method: "POST").status, 405)
        try await server.close()
    }

    /// A plain HTTP/1.0 request on a blocking socket: the server must close after the answer.
    private func get(_ port: Int, _ path: String, method: String = "GET") throws -> (status: Int, headers: String, body: String) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        XCTAssertEqual(connected, 0)
        let request = Array("\(method) \(path) HTTP/1.0\r\nHost: localhost\r\n\r\n".utf8)
        XCTAssertEqual(request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }, request.count)
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            response += chunk[..<count]
        }
        let text = String(decoding: response, as: UTF8.self)
        let parts = text.components(separatedBy: "\r\n\r\n")
        let status = Int(parts[0].split(separator: " ")[1]) ?? 0
        return (status, parts[0], parts.dropFirst().joined(separator: "\r\n\r\n"))
    }
}
