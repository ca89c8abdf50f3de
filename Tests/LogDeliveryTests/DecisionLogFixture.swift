import Audit
import Foundation

/// A decision log in a temporary data directory, written line by line in the
/// writer's format (hash-chained records), with torn ends when asked.
final class DecisionLogFixture {
    let dataDirectory: String
    let audit: AuditDirectory
    private(set) var nextSeq: UInt64 = 1
    private var head = ChainHash.genesis
    /// Every complete line written, in order.
    private(set) var lines: [String] = []

    init() throws {
        dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("log-delivery-\(UUID().uuidString)").path
        audit = AuditDirectory(dataDirectory: dataDirectory)
        try FileManager.default.createDirectory(atPath: audit.path, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }

    /// Appends `count` complete records to file `number`.
    @discardableResult
    func append(_ count: Int, toFile number: Int = 1) throws -> [String] {
        var written: [String] = []
        for _ in 0..<count {
            let event = AuditEvent.authentication(
                connection: AuditConnection(id: "c\(nextSeq)", clientAddress: "127.0.0.1", clientPort: 50_000, listener: "sasl_ssl"),
                principal: "User:alice", mechanism: "SCRAM-SHA-512", decision: .allow
            )
            let line = AuditRecord(seq: nextSeq, prev: head, content: .event(event)).line
            head = ChainHash(ofLine: line)
            nextSeq += 1
            written.append(String(decoding: line, as: UTF8.self))
        }
        try write(written.map { $0 + "\n" }.joined(), toFile: number)
        lines += written
        return written
    }

    /// Bytes without a newline at the end of file `number`, as a writer mid-append (or a crash) leaves them.
    func appendTorn(_ text: String, toFile number: Int = 1) throws {
        try write(text, toFile: number)
    }

    func write(_ text: String, toFile number: Int) throws {
        let path = audit.decisionFile(number).path
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }
}
