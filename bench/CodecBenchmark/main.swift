// Throughput of the Kafka codec on the two records-heavy frames the gateway
// relays, compared in the same run with a plain memcpy of the same bytes.
//
//   swift build -c release --product CodecBenchmark && .build/release/CodecBenchmark
//   (or: make bench / scripts/bench.sh)
//
// Options: --quick            shorter repetitions (smoke run)
//          --rep-ms N         milliseconds per timed repetition (default 60)
//          --reps N           timed repetitions, median reported (default 9)
//          --filter TEXT      only cases whose id contains TEXT
//          --only MEASUREMENT codec | crc | records: for profiling
//          --no-memcpy        skip the memcpy baseline: for profiling
import KafkaProtocol
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Options

var repetitionMilliseconds = 60.0
var repetitions = 9
var filter: String?
var only: String?
var runBaseline = true
do {
    var arguments = CommandLine.arguments.dropFirst()
    func value(_ name: String) -> String {
        guard let value = arguments.popFirst() else { fatalError("\(name) needs a value") }
        return value
    }
    while let argument = arguments.popFirst() {
        switch argument {
        case "--quick": repetitionMilliseconds = 15; repetitions = 5
        case "--rep-ms": repetitionMilliseconds = Double(value(argument)) ?? repetitionMilliseconds
        case "--reps": repetitions = max(1, Int(value(argument)) ?? repetitions)
        case "--filter": filter = value(argument)
        case "--only": only = value(argument)
        case "--no-memcpy": runBaseline = false
        case "-h", "--help":
            print("usage: CodecBenchmark [--quick] [--rep-ms N] [--reps N] [--filter TEXT] [--only codec|crc|records] [--no-memcpy]")
            exit(0)
        default:
            fatalError("unknown argument \(argument) (try --help)")
        }
    }
}

// MARK: - Cases

enum FrameKind { case produceRequest, fetchResponse }

struct BenchCase {
    var id: String
    var title: String
    var kind: FrameKind
    /// The frame as on the wire, length prefix included.
    var wire: ByteBuffer
    var batches: Int
    var records: Int

    /// What `KafkaFrameDecoder` hands on: the bytes after the length prefix.
    var frame: ByteBuffer { wire.getSlice(at: wire.readerIndex + 4, length: wire.readableBytes - 4)! }
}

func makeCases() throws -> [BenchCase] {
    let kib = 1024
    let mib = 1024 * 1024
    var cases: [BenchCase] = []
    func produce(_ id: String, _ title: String, batchBytes: Int, partitions: Int) throws {
        let (wire, records) = try Fixtures.produceFrame(batchBytes: batchBytes, partitions: partitions)
        cases.append(BenchCase(id: id, title: title, kind: .produceRequest, wire: wire, batches: partitions, records: records))
    }
    func fetch(_ id: String, _ title: String, batchBytes: Int, batches: Int) throws {
        let (wire, records) = try Fixtures.fetchResponseFrame(batchBytes: batchBytes, batches: batches)
        cases.append(BenchCase(id: id, title: title, kind: .fetchResponse, wire: wire, batches: batches, records: records))
    }
    let pv = Fixtures.produceVersion, fv = Fixtures.fetchVersion
    try produce("produce-16k", "Produce req v\(pv), 1 × 16 KiB batch", batchBytes: 16 * kib, partitions: 1)
    try produce("produce-1m", "Produce req v\(pv), 1 × 1 MiB batch", batchBytes: mib, partitions: 1)
    try produce("produce-64x16k", "Produce req v\(pv), 64 partitions × 16 KiB", batchBytes: 16 * kib, partitions: 64)
    try fetch("fetch-16k", "Fetch resp v\(fv), 1 × 16 KiB batch", batchBytes: 16 * kib, batches: 1)
    try fetch("fetch-1m", "Fetch resp v\(fv), 1 × 1 MiB batch", batchBytes: mib, batches: 1)
    try fetch("fetch-64x16k", "Fetch resp v\(fv), 64 × 16 KiB batches", batchBytes: 16 * kib, batches: 64)
    return cases
}

// MARK: - The work measured

/// Calls `visit` with every records field of a decoded Produce request or Fetch response.
@inline(__always)
func forEachRecordsField(
    request: KafkaRequestFrame, _ visit: (ByteBuffer) throws -> Void
) rethrows {
    guard case .produce(let produce) = request.body else { fatalError("not a produce request") }
    for topic in produce.topicData {
        for partition in topic.partitionData {
            if let records = partition.records { try visit(records) }
        }
    }
}

@inline(__always)
func forEachRecordsField(
    response: KafkaResponseFrame, _ visit: (ByteBuffer) throws -> Void
) rethrows {
    guard case .fetch(let fetch) = response.body else { fatalError("not a fetch response") }
    for topic in fetch.responses {
        for partition in topic.partitions {
            if let records = partition.records { try visit(records) }
        }
    }
}

/// Decode the frame (header + body), then encode it again into `output`.
func decodeEncode(_ benchCase: BenchCase, frame: ByteBuffer, output: inout ByteBuffer) throws {
    output.clear()
    switch benchCase.kind {
    case .produceRequest:
        let decoded = try KafkaRequestFrame(decoding: frame)
        try decoded.encode(into: &output)
    case .fetchResponse:
        let decoded = try KafkaResponseFrame(decoding: frame, apiKey: .fetch, apiVersion: Fixtures.fetchVersion)
        try decoded.encode(into: &output)
    }
}

/// Split every records field into batches; `perBatch` says what to do with each.
@inline(__always)
func decodeBatches(_ benchCase: BenchCase, frame: ByteBuffer, _ perBatch: (RecordBatch) throws -> Int) throws -> Int {
    var total = 0
    func visit(_ field: ByteBuffer) throws {
        var field = field
        let batches = try field.readKafkaRecordBatches()
        precondition(!batches.hasPartialTrailingBatch)
        for batch in batches.batches { total += try perBatch(batch) }
    }
    switch benchCase.kind {
    case .produceRequest:
        try forEachRecordsField(request: try KafkaRequestFrame(decoding: frame), visit)
    case .fetchResponse:
        try forEachRecordsField(
            response: try KafkaResponseFrame(decoding: frame, apiKey: .fetch, apiVersion: Fixtures.fetchVersion), visit
        )
    }
    return total
}

/// Decode the frame, split the batches, verify the CRC-32C of every batch.
func decodeVerifyCRC(_ benchCase: BenchCase, frame: ByteBuffer) throws -> Int {
    try decodeBatches(benchCase, frame: frame) { batch in
        try batch.verifyChecksum()
        return 1
    }
}

/// Decode the frame, split the batches, parse every record (no CRC).
func decodeRecords(_ benchCase: BenchCase, frame: ByteBuffer) throws -> Int {
    try decodeBatches(benchCase, frame: frame) { batch in try batch.decodeRecords().count }
}

// MARK: - Formatting (no Foundation)

func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return "n/a" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (value * scale).rounded()
    let negative = scaled < 0
    let magnitude = Int(abs(scaled))
    let whole = magnitude / Int(scale)
    var result = negative ? "-" : ""
    result += String(whole)
    if digits > 0 {
        let fraction = String(magnitude % Int(scale))
        result += "." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
    return result
}

func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let gap = max(0, width - text.count)
    return right ? String(repeating: " ", count: gap) + text : text + String(repeating: " ", count: gap)
}

func firstLine(ofFile path: String, containing prefix: String = "") -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 512)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix(prefix) { return text.hasSuffix("\n") ? String(text.dropLast()) : text }
    }
    return nil
}

// MARK: - Run

#if DEBUG
print("WARNING: debug build; numbers are meaningless. Use: swift build -c release --product CodecBenchmark")
#endif

let runStart = ContinuousClock.now
let harness = Harness(repetitionSeconds: repetitionMilliseconds / 1000, repetitions: repetitions)
let allCases = try makeCases()
let cases = allCases.filter { filter == nil || $0.id.contains(filter!) }
let measurements = only.map { [$0] } ?? ["codec", "crc", "records"]

print("Portcullis KafkaProtocol codec benchmark (release build, one thread)")
if let cpu = firstLine(ofFile: "/proc/cpuinfo", containing: "model name") { print("cpu:     \(cpu.split(separator: ":", maxSplits: 1).last!.drop { $0 == " " })") }
if let load = firstLine(ofFile: "/proc/loadavg") { print("loadavg: \(load)   (other processes on the machine skew the numbers)") }
print("timing:  ContinuousClock; per measurement: calibrate, 1 warm-up, \(repetitions) × ~\(fixed(repetitionMilliseconds, 0)) ms repetitions alternating")
print("         with the memcpy baseline's, medians reported")
print("""
frames:  real v2 record batches (uncompressed; records: 16-byte key, 1 KiB pseudo-random value, no headers;
         idempotent producer fields; batches filled up to 16 KiB / 1 MiB like batch.size). A Fetch *request*
         carries no records: the records-heavy fetch path is the Fetch *response*, measured here.
MB/s = 10^6 bytes per second of wire bytes (frame incl. 4-byte length prefix) processed.
memcpy:  copy of the same wire bytes into a preallocated buffer (UnsafeMutableRawPointer.copyMemory = memcpy).
codec:   KafkaRequestFrame(decoding:) / KafkaResponseFrame(decoding:apiKey:apiVersion:) of the whole frame
         (header + body; records kept as ByteBuffer slices) + encode(into:) a reused ByteBuffer (clear()).
crc:     frame decode + readKafkaRecordBatches() + RecordBatch.verifyChecksum() (CRC-32C) of every batch; no encode.
records: frame decode + readKafkaRecordBatches() + RecordBatch.decodeRecords() of every batch (no CRC, no encode).

""")

let header = pad("case", 44) + pad("measured", 10) + pad("bytes/frame", 12, right: true)
    + pad("batches", 8, right: true) + pad("records", 8, right: true)
    + pad("codec MB/s", 12, right: true) + pad("memcpy MB/s", 13, right: true)
    + pad("codec/memcpy", 14, right: true) + pad("spread", 8, right: true)
print(header)
print(String(repeating: "-", count: header.count))

for benchCase in cases {
    let bytes = benchCase.wire.readableBytes
    let frame = benchCase.frame

    // Correctness first: a benchmark of a codec that loses bytes measures nothing.
    var output = ByteBufferAllocator().buffer(capacity: bytes)
    try decodeEncode(benchCase, frame: frame, output: &output)
    precondition(output == benchCase.wire, "\(benchCase.id): re-encoded frame differs from the input")
    let verifiedBatches = try decodeVerifyCRC(benchCase, frame: frame)
    precondition(verifiedBatches == benchCase.batches, "\(benchCase.id): batch count")
    let decodedRecords = try decodeRecords(benchCase, frame: frame)
    precondition(decodedRecords == benchCase.records, "\(benchCase.id): record count")

    // Baseline: memcpy of the same bytes into a preallocated buffer.
    let destination = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
    defer { destination.deallocate() }
    destination.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)  // fault the pages in
    let source = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
    defer { source.deallocate() }
    benchCase.wire.withUnsafeReadableBytes { source.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
    let memcpyBody: (Int) -> Void = { iterations in
        for _ in 0..<iterations {
            destination.copyMemory(from: source, byteCount: bytes)
            blackHole(destination)
        }
    }

    for measurement in measurements {
        let codecBody: (Int) throws -> Void
        switch measurement {
        case "codec":
            codecBody = { iterations in
                // One output buffer per repetition, reused (clear()) by every frame of it.
                var output = ByteBufferAllocator().buffer(capacity: bytes)
                for _ in 0..<iterations {
                    try decodeEncode(benchCase, frame: frame, output: &output)
                    blackHole(output.writerIndex)
                }
            }
        case "crc":
            codecBody = { iterations in
                for _ in 0..<iterations { blackHole(try decodeVerifyCRC(benchCase, frame: frame)) }
            }
        case "records":
            codecBody = { iterations in
                for _ in 0..<iterations { blackHole(try decodeRecords(benchCase, frame: frame)) }
            }
        default:
            fatalError("unknown measurement \(measurement): codec, crc or records")
        }
        let codecMBps: Double, memcpyMBps: Double, ratio: Double, spread: Double
        if runBaseline {
            let paired = try harness.measurePaired(bytesPerIteration: bytes, baseline: memcpyBody, subject: codecBody)
            codecMBps = paired.subject.medianBytesPerSecond / 1e6
            memcpyMBps = paired.baseline.medianBytesPerSecond / 1e6
            ratio = paired.ratio
            spread = paired.subject.spread
        } else {
            let result = try harness.measure(bytesPerIteration: bytes, codecBody)
            codecMBps = result.medianBytesPerSecond / 1e6
            memcpyMBps = .nan
            ratio = .nan
            spread = result.spread
        }
        print(
            pad(benchCase.title, 44) + pad(measurement, 10) + pad(String(bytes), 12, right: true)
                + pad(String(benchCase.batches), 8, right: true) + pad(String(benchCase.records), 8, right: true)
                + pad(fixed(codecMBps, 0), 12, right: true) + pad(fixed(memcpyMBps, 0), 13, right: true)
                + pad(fixed(ratio, 3), 14, right: true)
                + pad(fixed(spread * 100, 0) + "%", 8, right: true)
        )
    }
}

let total = ContinuousClock.now - runStart
print("\ncodec/memcpy = median of per-repetition ratios (codec and memcpy repetitions alternate).")
print("spread = (max − min) / median of the codec repetitions. Total run time: \(fixed(Double(total.components.seconds) + Double(total.components.attoseconds) * 1e-18, 1)) s")
