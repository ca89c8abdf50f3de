import Foundation
import KafkaProtocol
import NIOCore
import PolicyStore
import XCTest
@testable import Gateway

/// A real policy store in a fresh temporary directory, and the administration that answers for it.
/// Requests and responses go through the codec, so a test sees what a client would see.
struct AdministrationFixture {
    static let actor = "User:admin"

    let store: PolicyStore
    let administration: PolicyAdministration

    init(_ test: XCTestCase) throws {
        var template = Array((NSTemporaryDirectory() + "/portcullis-administration-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let path = String(cString: try XCTUnwrap(created))
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        store = try PolicyStore(dataDirectory: path)
        administration = PolicyAdministration(store: store)
    }

    /// `request` as the gateway would decode it in `version`, answered, then the answer encoded and decoded in `version`.
    func answer(_ request: KafkaRequestBody, version: Int16) throws -> KafkaResponseBody {
        let header = RequestHeader(requestApiKey: request.apiKey.rawValue, requestApiVersion: version, correlationId: 7, clientId: "test")
        var requestBytes = ByteBuffer()
        try KafkaRequestFrame(header: header, body: request).encode(into: &requestBytes)
        let received = try KafkaRequestFrame(decoding: try Self.withoutLengthPrefix(requestBytes))

        let response = administration.answer(received.body, version: version, actor: Self.actor)
        var responseBytes = ByteBuffer()
        try KafkaResponseFrame(header: ResponseHeader(correlationId: 7), body: response, apiVersion: version)
            .encode(into: &responseBytes)
        let decoded = try KafkaResponseFrame(
            decoding: try Self.withoutLengthPrefix(responseBytes), apiKey: request.apiKey, apiVersion: version
        )
        XCTAssertEqual(decoded.header.correlationId, 7)
        XCTAssertEqual(decoded.trailingBytes.readableBytes, 0, "the response has bytes its version does not read")
        return decoded.body
    }

    /// Breaks the store as a damaged or tampered database would: the table is gone, so every
    /// statement on it fails inside the store.
    func dropTable(_ table: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sqlite3, sys; sqlite3.connect(sys.argv[1], isolation_level=None).execute(sys.argv[2])",
                             store.databasePath, "DROP TABLE \(table)"]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "could not drop \(table)")
    }

    private static func withoutLengthPrefix(_ frame: ByteBuffer) throws -> ByteBuffer {
        var frame = frame
        let length = try XCTUnwrap(frame.readInteger(as: Int32.self))
        XCTAssertEqual(Int(length), frame.readableBytes)
        return frame
    }
}

/// Thrown by a test that got a response of another API than it asked.
struct UnexpectedResponse: Error {
    let body: KafkaResponseBody
}
