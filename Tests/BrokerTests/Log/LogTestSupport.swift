import Broker
import Foundation
import KafkaProtocol
import KeyManagement
import NIOCore
import XCTest

/// A data directory with a real local KMS (keyring under a fresh root key)
/// and a KEK for segments, removed when the test ends.
struct LogFixture {
    let dataDirectory: String
    let keyService: CachingKeyService
    let keyId: String

    static func make(_ test: XCTestCase) async throws -> LogFixture {
        var template = Array((NSTemporaryDirectory() + "/portcullis-log-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let dataDirectory = String(cString: try XCTUnwrap(created))
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: dataDirectory) }

        var rootKey = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in rootKey.indices { rootKey[index] = generator.next() }
        let local = try LocalKeyService(dataDirectory: dataDirectory, rootKey: try RootKey(base64: Data(rootKey).base64EncodedString()))
        let keyService = CachingKeyService(local, cache: DataKeyCache(capacity: 64), revalidationInterval: .zero)
        let key = try await keyService.createKey(alias: "alias/segments", description: "segment data keys")
        return LogFixture(dataDirectory: dataDirectory, keyService: keyService, keyId: key.keyId)
    }

    var cipher: EnvelopeSegmentCipher {
        EnvelopeSegmentCipher(keyService: keyService, keyId: "alias/segments")
    }

    func open(
        topic: String = "orders",
        partition: Int32 = 0,
        configuration: LogConfiguration = LogConfiguration(),
        cipher: (any SegmentCipher)? = nil,
        clock: @escaping @Sendable () -> Int64 = PartitionLog.wallClock
    ) async throws -> PartitionLog {
        try await PartitionLog.open(
            dataDirectory: dataDirectory, topic: topic, partition: partition, configuration: configuration,
            cipher: cipher ?? self.cipher, clock: clock
        )
    }

    func partitionDirectory(topic: String = "orders", partition: Int32 = 0) -> String {
        LogLayout.partitionDirectory(dataDirectory: dataDirectory, topic: topic, partition: partition)
    }

    func path(_ name: String, topic: String = "orders", partition: Int32 = 0) -> String {
        partitionDirectory(topic: topic, partition: partition) + "/" + name
    }
}

/// A configuration whose segments roll after a few small batches.
func smallSegments(bytes: Int = 600) -> LogConfiguration {
    var configuration = LogConfiguration()
    configuration.segmentBytes = bytes
    configuration.indexIntervalBytes = 100
    return configuration
}

/// An uncompressed batch with one record per value; record i has timestamp
/// `timestamp + i * step`.
func logTestBatch(
    _ values: [String], timestamp: Int64 = 1_000, step: Int64 = 1,
    producerId: Int64 = -1, producerEpoch: Int16 = -1, baseSequence: Int32 = -1
) throws -> RecordBatch {
    let records = values.enumerated().map { index, value in
        Record(
            timestampDelta: Int64(index) * step, offsetDelta: Int32(index),
            key: ByteBuffer(string: "key-\(value)"), value: ByteBuffer(string: value),
            headers: [RecordHeader(key: "header", value: ByteBuffer(string: "h-\(value)"))]
        )
    }
    return try RecordBatch(
        records: records, baseTimestamp: timestamp, producerId: producerId, producerEpoch: producerEpoch, baseSequence: baseSequence
    )
}

/// The (offset, value) of every record in a read's batches, checking each batch's CRC.
func readRecords(_ result: LogReadResult) throws -> [(offset: Int64, value: String)] {
    try result.batches.flatMap { bytes -> [(offset: Int64, value: String)] in
        var input = bytes
        let batch = try XCTUnwrap(try input.readKafkaRecordBatch())
        XCTAssertEqual(input.readableBytes, 0)
        try batch.verifyChecksum()
        return try batch.decodeRecords().map { record in
            (batch.baseOffset + Int64(record.offsetDelta), String(buffer: record.value!))
        }
    }
}

/// Every value from `offset` to the high watermark, reading batch by batch as a consumer does.
func readAll(_ log: PartitionLog, from offset: Int64 = 0) async throws -> [(offset: Int64, value: String)] {
    var records: [(offset: Int64, value: String)] = []
    var next = offset
    while next < (await log.highWatermark) {
        let result = try await log.read(from: next, maxBytes: 1 << 20)
        let batch = try readRecords(result).filter { $0.offset >= next }
        guard let last = batch.last else { break }
        records += batch
        next = last.offset + 1
    }
    return records
}

/// Asserts that `body` throws the `LogError` `matches` accepts.
func XCTAssertThrowsLogError<T>(
    _ body: () async throws -> T,
    file: StaticString = #filePath, line: UInt = #line,
    _ matches: (LogError) -> Bool
) async {
    do {
        _ = try await body()
        XCTFail("expected a LogError, but it succeeded", file: file, line: line)
    } catch let error as LogError {
        XCTAssertTrue(matches(error), "unexpected \(error)", file: file, line: line)
    } catch {
        XCTFail("expected a LogError, got \(error)", file: file, line: line)
    }
}

/// A file's bytes.
func fileBytes(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: path)))
}

func writeFileBytes(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// The name of a segment file: 20-digit base offset and extension.
func segmentFileName(_ baseOffset: Int64, _ ext: String) -> String {
    String(format: "%020lld", baseOffset) + "." + ext
}

/// Where each entry of a `.log` file lies: 53 header bytes whose bytes
/// 45..<49 are the sealed length (big-endian), then the sealed batch.
func entryRanges(of log: [UInt8]) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    var position = 0
    while position + 53 <= log.count {
        let sealedLength = log[(position + 45)..<(position + 49)].reduce(0) { $0 << 8 | Int($1) }
        ranges.append(position..<(position + 53 + sealedLength))
        position += 53 + sealedLength
    }
    return ranges
}

/// The values of one read from `offset`.
func values(_ log: PartitionLog, from offset: Int64, maxBytes: Int = 1 << 20) async throws -> [String] {
    try readRecords(try await log.read(from: offset, maxBytes: maxBytes)).map(\.value)
}

/// A wall clock a test sets by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Int64

    init(_ value: Int64) {
        current = value
    }

    var value: Int64 {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }
}
