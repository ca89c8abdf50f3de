import Broker
import Crypto
import Dispatch
import Foundation
import KafkaProtocol
import KeyManagement
import Logging
import NIOCore

/// What one fuzz input goes through in the broker's reading of its own log
/// files at startup: the input is unpacked into the files of one partition
/// directory, and the partition log is opened (`LogRecovery`: the segment
/// scan, the offset and time indexes, the `.key` sidecars, the producer
/// snapshot), read from start to end, appended to, closed and opened again.
/// Shared by the libFuzzer driver (FuzzTesting/SegmentFuzzer, via a symlink)
/// and `SegmentFuzzRegressionTests`, which replays saved inputs.
///
/// A `LogError` anywhere is an accepted outcome; a finding is an invariant
/// broken (a trap, an ASan report, a huge allocation or a hang is one too,
/// caught by the fuzzer itself):
/// - the recovered log is consistent: segments in offset order, start ≤ end,
///   the high watermark at the end;
/// - what reads serve lies in the log's offsets, in increasing order, and,
///   with the segments encrypted, is whole record batches whose CRCs match;
/// - an append after recovery gets the log end offset and reads back;
/// - recovery leaves a valid prefix: opening again after a clean close cuts
///   nothing and finds the same log end.
///
/// Input layout: one byte of options, then files, each a kind byte (modulo
/// 6: `.log`, `.index`, `.timeindex`, `.key`, `.snapshot`, a `.log.tmp`
/// leftover), the segment's base offset (8 bytes, big-endian; a negative one
/// skips the file), a length (4 bytes, big-endian, cut to what is left) and
/// the bytes. Options: bit 0, the benchmark-only plaintext cipher instead of
/// envelope encryption (under a fixed in-memory key service, so seeds written
/// by one run open in every other); bits 1–2, `index.interval.bytes` 0, 64,
/// 4096 or 1 MiB; bit 3, every entry header's CRC-32C in the `.log` files
/// recomputed, so mutations of header fields get past the CRC; bit 4,
/// `segment.bytes` of 1 KiB instead of 1 GiB, so the append rolls a segment.
public enum SegmentFuzzChecks {
    public static let topic = "orders"
    public static let partition: Int32 = 0
    /// The wall clock of every run, so producer expiry does not depend on the day.
    public static let now: Int64 = 1_700_000_000_000
    static let maximumFiles = 16

    public struct Options: Sendable {
        public var plaintext = false
        public var indexIntervalChoice: UInt8 = 2
        public var fixHeaderChecksums = false
        public var smallSegments = false

        public init() {}

        init(byte: UInt8) {
            plaintext = byte & 1 != 0
            indexIntervalChoice = (byte >> 1) & 3
            fixHeaderChecksums = byte & 8 != 0
            smallSegments = byte & 16 != 0
        }

        var byte: UInt8 {
            (plaintext ? 1 : 0) | indexIntervalChoice << 1 | (fixHeaderChecksums ? 8 : 0) | (smallSegments ? 16 : 0)
        }

        var configuration: LogConfiguration {
            var configuration = LogConfiguration()
            configuration.indexIntervalBytes = [0, 64, 4096, 1 << 20][Int(indexIntervalChoice & 3)]
            if smallSegments { configuration.segmentBytes = 1024 }
            return configuration
        }

        var cipher: any SegmentCipher {
            plaintext ? UnencryptedSegmentCipherForBenchmarksOnly() : EnvelopeSegmentCipher(keyService: FuzzKeyService(), keyId: FuzzKeyService.keyId)
        }
    }

    /// One file of a partition directory.
    public enum FileKind: UInt8, CaseIterable, Sendable {
        case log, index, timeindex, key, snapshot, leftover

        var suffix: String {
            switch self {
            case .log: "log"
            case .index: "index"
            case .timeindex: "timeindex"
            case .key: "key"
            case .snapshot: "snapshot"
            case .leftover: "log.tmp"
            }
        }
    }

    public struct File: Sendable {
        public var kind: FileKind
        public var baseOffset: Int64
        public var bytes: [UInt8]

        public init(kind: FileKind, baseOffset: Int64, bytes: [UInt8]) {
            self.kind = kind
            self.baseOffset = baseOffset
            self.bytes = bytes
        }

        var name: String {
            let digits = String(baseOffset)
            return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + "." + kind.suffix
        }
    }

    // MARK: Input layout

    public static func unpack(_ input: [UInt8]) -> (options: Options, files: [File]) {
        guard let first = input.first else { return (Options(), []) }
        var files: [File] = []
        var position = 1
        while position + 13 <= input.count, files.count < maximumFiles {
            let kind = FileKind(rawValue: input[position] % UInt8(FileKind.allCases.count))!
            let baseOffset = Int64(bitPattern: bigEndian(input[(position + 1)..<(position + 9)]))
            let declared = Int(bigEndian(input[(position + 9)..<(position + 13)]))
            position += 13
            let length = min(declared, input.count - position)
            files.append(File(kind: kind, baseOffset: baseOffset, bytes: Array(input[position..<(position + length)])))
            position += length
        }
        return (Options(byte: first), files)
    }

    public static func pack(options: Options, files: [File]) -> [UInt8] {
        var bytes = [options.byte]
        for file in files {
            bytes.append(file.kind.rawValue)
            withUnsafeBytes(of: file.baseOffset.bigEndian) { bytes.append(contentsOf: $0) }
            withUnsafeBytes(of: UInt32(file.bytes.count).bigEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: file.bytes)
        }
        return bytes
    }

    private static func bigEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Recomputes the CRC-32C of every entry header that starts at a sync marker and version.
    static func fixingHeaderChecksums(_ log: [UInt8]) -> [UInt8] {
        var bytes = log
        var position = 0
        while position + 53 <= bytes.count {
            if bytes[position] == 0x50, bytes[position + 1] == 0x43, bytes[position + 2] == 0x4C, bytes[position + 3] == 0x45,
               bytes[position + 4] == 1 {
                let checksum = bytes[position..<(position + 49)].withUnsafeBytes { CRC32C.checksum($0) }
                withUnsafeBytes(of: checksum.bigEndian) { bytes.replaceSubrange((position + 49)..<(position + 53), with: $0) }
            }
            position += 1
        }
        return bytes
    }

    // MARK: The check

    /// `check` for a caller that cannot wait asynchronously (the libFuzzer callback).
    public static func checkBlocking(_ input: [UInt8]) -> [String] {
        final class Box: @unchecked Sendable { var findings: [String] = [] }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            box.findings = await check(input)
            done.signal()
        }
        done.wait()
        return box.findings
    }

    public static func check(_ input: [UInt8]) async -> [String] {
        let (options, files) = unpack(input)
        guard let dataDirectory = makeTemporaryDirectory() else { return ["could not make a temporary directory"] }
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let partitionDirectory = LogLayout.partitionDirectory(dataDirectory: dataDirectory, topic: topic, partition: partition)
        do {
            try FileManager.default.createDirectory(atPath: partitionDirectory, withIntermediateDirectories: true)
            for file in files where file.baseOffset >= 0 {
                let bytes = options.fixHeaderChecksums && file.kind == .log ? fixingHeaderChecksums(file.bytes) : file.bytes
                try Data(bytes).write(to: URL(fileURLWithPath: partitionDirectory + "/" + file.name))
            }
        } catch {
            return ["could not write the input's files: \(error)"]
        }
        var run = Run(dataDirectory: dataDirectory, options: options)
        await run.go()
        return run.findings
    }

    /// One input's opening, reading, appending and reopening.
    private struct Run {
        let dataDirectory: String
        let options: Options
        var findings: [String] = []

        init(dataDirectory: String, options: Options) {
            self.dataDirectory = dataDirectory
            self.options = options
        }

        func open() async throws(LogError) -> PartitionLog {
            try await PartitionLog.open(
                dataDirectory: dataDirectory, topic: topic, partition: partition, configuration: options.configuration,
                cipher: options.cipher, logger: quietLogger, clock: { SegmentFuzzChecks.now }
            )
        }

        mutating func go() async {
            let log: PartitionLog
            do {
                log = try await open()
            } catch {
                return
            }
            let report = log.recoveryReport
            await checkConsistency(log, "after recovery")
            let firstEnd = await log.logEndOffset
            await readAll(log)

            var expectedEnd = firstEnd
            var appended: LogAppendResult?
            do {
                let result = try await log.append(try appendedBatch())
                if result.baseOffset != firstEnd || result.lastOffset != firstEnd + 1 {
                    findings.append("append after recovery got offsets \(result.baseOffset)...\(result.lastOffset), log end was \(firstEnd)")
                }
                try await log.flush(through: result.lastOffset)
                appended = result
                expectedEnd = result.lastOffset + 1
                await checkAppended(log, result, "after the append")
            } catch {
                // A log that refuses to append (e.g. no key for its active segment and none to be made) is not a finding.
            }
            await log.close()

            let reopened: PartitionLog
            do {
                reopened = try await open()
            } catch {
                findings.append("the log opened, but not again after a clean close: \(error)")
                return
            }
            let second = reopened.recoveryReport
            if !second.truncations.isEmpty {
                findings.append("recovery did not leave a valid prefix: reopening cut \(second.truncations) (first recovery: \(report.truncations))")
            }
            let secondEnd = await reopened.logEndOffset
            if secondEnd != expectedEnd {
                findings.append("the log end moved across a clean close: \(expectedEnd) before, \(secondEnd) after")
            }
            await checkConsistency(reopened, "after reopening")
            if let appended { await checkAppended(reopened, appended, "after reopening") }
            await reopened.close()
        }

        mutating func checkConsistency(_ log: PartitionLog, _ when: String) async {
            let report = log.recoveryReport
            let start = await log.logStartOffset
            let end = await log.logEndOffset
            let highWatermark = await log.highWatermark
            let bases = await log.segmentBaseOffsets
            if start > end { findings.append("\(when): log start \(start) after log end \(end)") }
            if highWatermark != end { findings.append("\(when): high watermark \(highWatermark), log end \(end)") }
            if report.logEndOffset != end && when == "after recovery" {
                findings.append("\(when): the report's log end \(report.logEndOffset), the log's \(end)")
            }
            if zip(bases, bases.dropFirst()).contains(where: { $0 >= $1 }) { findings.append("\(when): segments out of order \(bases)") }
            if let first = bases.first, first != start { findings.append("\(when): first segment \(first), log start \(start)") }
            if let last = bases.last, last > end { findings.append("\(when): last segment \(last) starts after the log end \(end)") }
            if bases.contains(where: { $0 < 0 }) { findings.append("\(when): a negative segment base offset in \(bases)") }
        }

        /// Reads from the log start to the high watermark as a consumer does, skipping what is never served.
        mutating func readAll(_ log: PartitionLog) async {
            let start = await log.logStartOffset
            let end = await log.highWatermark
            var next = start
            var reads = 0
            while next < end, reads < 256 {
                reads += 1
                let result: LogReadResult
                do {
                    result = try await log.read(from: next, maxBytes: 1 << 20)
                } catch LogError.corruptBatch(_, _, let baseOffset, let lastOffset) {
                    if lastOffset < next && baseOffset <= next {
                        findings.append("a read from \(next) refused offsets \(baseOffset)...\(lastOffset), which do not hold it")
                        return
                    }
                    guard lastOffset < Int64.max else { return }
                    next = max(next + 1, lastOffset + 1)
                    continue
                } catch LogError.offsetOutOfRange(let offset, let logStart, let logEnd) {
                    findings.append("a read from \(offset) between log start \(start) and high watermark \(end) was out of range (\(logStart)..<\(logEnd))")
                    return
                } catch {
                    return
                }
                if result.records.readableBytes != result.batches.reduce(0, { $0 + $1.readableBytes }) {
                    findings.append("a read from \(next): \(result.records.readableBytes) bytes of records, batches of \(result.batches.map(\.readableBytes))")
                }
                guard !result.batches.isEmpty else { return }
                var previousEnd: Int64?
                var progressed = next
                for var bytes in result.batches {
                    let batch: RecordBatch?
                    do {
                        batch = try bytes.readKafkaRecordBatch()
                    } catch {
                        batch = nil
                    }
                    guard let batch, bytes.readableBytes == 0 else {
                        if !options.plaintext { findings.append("a read from \(next) served an authenticated entry that is not one record batch") }
                        break
                    }
                    let lastOffset = batch.baseOffset + Int64(max(0, batch.lastOffsetDelta))
                    if !options.plaintext {
                        // Authenticated: exactly what the broker appended.
                        if (try? batch.verifyChecksum()) == nil { findings.append("a read from \(next) served a batch whose CRC does not match") }
                        if let previousEnd, batch.baseOffset < previousEnd {
                            findings.append("a read from \(next) served batch \(batch.baseOffset) after one ending at \(previousEnd - 1)")
                        }
                        if previousEnd == nil && lastOffset < next {
                            findings.append("a read from \(next) began with a batch ending at \(lastOffset)")
                        }
                        if batch.baseOffset < start || lastOffset >= end {
                            findings.append("a read from \(next) served offsets \(batch.baseOffset)...\(lastOffset) outside \(start)..<\(end)")
                        }
                    }
                    previousEnd = lastOffset + 1
                    progressed = max(progressed, lastOffset + 1)
                }
                next = progressed > next ? progressed : next + 1
            }
        }

        mutating func checkAppended(_ log: PartitionLog, _ appended: LogAppendResult, _ when: String) async {
            do {
                let result = try await log.read(from: appended.baseOffset, maxBytes: 1 << 20)
                guard var first = result.batches.first else {
                    findings.append("\(when): a read of the appended offset \(appended.baseOffset) served nothing")
                    return
                }
                guard let batch = try first.readKafkaRecordBatch() else {
                    findings.append("\(when): the appended batch reads back cut short")
                    return
                }
                let values = try batch.decodeRecords().map { $0.value.map { String(buffer: $0) } }
                if batch.baseOffset != appended.baseOffset || values != ["fuzz-0", "fuzz-1"] {
                    findings.append("\(when): the appended batch reads back at \(batch.baseOffset) as \(values)")
                }
            } catch {
                findings.append("\(when): the appended batch at \(appended.baseOffset) does not read back: \(error)")
            }
        }
    }

    static func appendedBatch(producerId: Int64 = -1, sequence: Int32 = -1, timestamp: Int64 = now) throws -> RecordBatch {
        let records = (0..<2).map { index in
            Record(
                timestampDelta: Int64(index), offsetDelta: Int32(index),
                key: ByteBuffer(string: "key-\(index)"), value: ByteBuffer(string: "fuzz-\(index)"), headers: []
            )
        }
        return try RecordBatch(
            records: records, baseTimestamp: timestamp, producerId: producerId,
            producerEpoch: producerId < 0 ? -1 : 0, baseSequence: sequence
        )
    }

    static let quietLogger = Logger(label: "portcullis.segment-fuzz") { _ in SwiftLogNoOpLogHandler() }

    /// A fresh directory in memory where there is one (/dev/shm: fsync costs nothing there).
    static func makeTemporaryDirectory() -> String? {
        let parent = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        var template = Array((parent + "/portcullis-segment-fuzz-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else { return nil }
        return String(cString: made)
    }

    // MARK: Seeds

    /// Inputs made of the files the broker itself writes: logs appended to
    /// through `PartitionLog` and closed, packed as the check reads them.
    public static func makeSeeds() async throws -> [(name: String, bytes: [UInt8])] {
        var seeds: [(name: String, bytes: [UInt8])] = []
        var small = Options()
        small.indexIntervalChoice = 1
        small.smallSegments = true
        let rolled = try await write(options: small, batches: 12, producerId: 7)
        seeds.append(("envelope-rolled-segments", pack(options: small, files: rolled)))
        // A crash in the middle of an append: the last entry torn.
        var torn = rolled
        if let index = torn.lastIndex(where: { $0.kind == .log }), torn[index].bytes.count > 20 {
            torn[index].bytes.removeLast(20)
        }
        var tornOptions = small
        tornOptions.fixHeaderChecksums = true
        seeds.append(("envelope-torn-tail", pack(options: tornOptions, files: torn)))
        let one = try await write(options: Options(), batches: 3, producerId: -1)
        seeds.append(("envelope-one-segment", pack(options: Options(), files: one)))
        var plaintext = small
        plaintext.plaintext = true
        plaintext.indexIntervalChoice = 0
        let plain = try await write(options: plaintext, batches: 8, producerId: 3)
        seeds.append(("plaintext-rolled-segments", pack(options: plaintext, files: plain)))
        return seeds
    }

    /// The files of a log `options` describes after `batches` appends of two records each.
    static func write(options: Options, batches: Int, producerId: Int64) async throws -> [File] {
        guard let dataDirectory = makeTemporaryDirectory() else { throw LogError.io(operation: "mkdtemp", path: "", errno: 0) }
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let log = try await PartitionLog.open(
            dataDirectory: dataDirectory, topic: topic, partition: partition, configuration: options.configuration,
            cipher: options.cipher, logger: quietLogger, clock: { SegmentFuzzChecks.now }
        )
        for index in 0..<batches {
            let batch = try appendedBatch(
                producerId: producerId, sequence: producerId < 0 ? -1 : Int32(index * 2), timestamp: now - 60_000 + Int64(index) * 1_000
            )
            _ = try await log.append(batch)
        }
        try await log.flush()
        await log.close()
        let directory = LogLayout.partitionDirectory(dataDirectory: dataDirectory, topic: topic, partition: partition)
        var files: [File] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() {
            guard let dot = name.firstIndex(of: "."), let baseOffset = Int64(name[..<dot]),
                  let kind = FileKind.allCases.first(where: { $0.suffix == name[name.index(after: dot)...] })
            else { continue }
            files.append(File(kind: kind, baseOffset: baseOffset, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))))
        }
        return files
    }
}

/// A key service for the fuzzer alone: a segment's data key is a hash of its
/// encryption context, and the "wrapped" key another hash of it, so the
/// segments of a seed open in every run, and no key material is random. It
/// protects nothing: never use it outside the fuzzer and its tests.
struct FuzzKeyService: KeyService {
    static let keyId = "fuzz-kek"

    private static func digest(_ label: String, _ context: EncryptionContext) -> SHA256.Digest {
        let canonical = context.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
        return SHA256.hash(data: Array((label + ":" + canonical).utf8))
    }

    func generateDataKey(keyId: String, context: EncryptionContext) async throws(KeyServiceError) -> DataKey {
        guard keyId == Self.keyId else { throw .keyNotFound(keyId) }
        return DataKey(
            plaintext: SymmetricKey(data: Self.digest("key", context)),
            wrapped: WrappedKey(keyId: Self.keyId, keyVersion: 1, ciphertext: Array(Self.digest("wrapped", context)))
        )
    }

    func decrypt(_ wrapped: WrappedKey, context: EncryptionContext) async throws(KeyServiceError) -> SymmetricKey {
        guard wrapped.keyId == Self.keyId else { throw .keyNotFound(wrapped.keyId) }
        guard wrapped.ciphertext == Array(Self.digest("wrapped", context)) else { throw .invalidCiphertext }
        return SymmetricKey(data: Self.digest("key", context))
    }

    func rewrap(_ wrapped: WrappedKey, context: EncryptionContext) async throws(KeyServiceError) -> WrappedKey {
        throw .serviceFailure("not in the fuzz key service")
    }

    func describeKey(_ keyId: String) async throws(KeyServiceError) -> KeyDescription {
        throw .serviceFailure("not in the fuzz key service")
    }

    func listKeys() async throws(KeyServiceError) -> [KeyDescription] { [] }

    func createKey(alias: String?, description: String) async throws(KeyServiceError) -> KeyDescription {
        throw .serviceFailure("not in the fuzz key service")
    }

    func rotateKey(_ keyId: String) async throws(KeyServiceError) -> KeyDescription {
        throw .serviceFailure("not in the fuzz key service")
    }

    func setKeyEnabled(_ keyId: String, enabled: Bool) async throws(KeyServiceError) {
        throw .serviceFailure("not in the fuzz key service")
    }
}
