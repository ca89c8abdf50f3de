// Writes the fuzzer's seed corpus: valid request streams and responses for
// every API and version, made by the test target's random value makers
// (symlinked in as Arbitrary/ and ArbitraryValues.swift), with real record
// batches in Produce requests and Fetch responses. Every seed is run through
// the fuzzer's checks before it is written, so a seed is never a finding.
//
//   swift run --package-path FuzzTesting KafkaSeedGenerator FuzzTesting/seed-corpus \
//       [Tests/KafkaProtocolTests/Fixtures/requests]
//
// With the second argument, the request frames real clients sent (recorded
// by ClientInteropTests, one frame per file without its length prefix) are
// added too: each as a one-frame stream, and each client's frames back to
// back as one stream.
//
// Deterministic: the same schemas and fixtures give the same files.
import Foundation
import KafkaFuzzChecks
import KafkaProtocol
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let arguments = CommandLine.arguments
guard arguments.count == 2 || arguments.count == 3 else {
    print("usage: KafkaSeedGenerator OUTPUT_DIRECTORY [CLIENT_REQUEST_FIXTURES_DIRECTORY]")
    exit(2)
}
let outputDirectory = arguments[1]
let clientFixtures = arguments.count == 3 ? arguments[2] : nil
/// Seeds larger than this are replaced by another draw: the corpus is committed.
let maximumSeedSize = 2048
let requestsPerVersion = 2

var random = ArbitraryValues(seed: 0xF022_5EED)
var written = 0
var totalBytes = 0

@MainActor func write(_ bytes: ByteBuffer, name: String) {
    let array = Array(bytes.readableBytesView)
    let findings = KafkaFuzzChecks.check(array)
    guard findings.isEmpty else {
        print("seed \(name) is itself a finding:\n  " + findings.joined(separator: "\n  "))
        exit(1)
    }
    let path = "\(outputDirectory)/\(name)"
    guard let file = fopen(path, "wb") else {
        print("cannot write \(path)")
        exit(1)
    }
    _ = array.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
    written += 1
    totalBytes += array.count
}

/// A few uncompressed batches of small records, as a producer sends them.
func sampleRecords(_ random: inout ArbitraryValues) -> ByteBuffer {
    var buffer = ByteBuffer()
    for batchIndex in 0..<(1 + random.below(2)) {
        let records = (0..<(1 + random.below(3))).map { index in
            Record(
                timestampDelta: Int64(index * random.below(1000)),
                offsetDelta: Int32(index),
                key: random.below(3) == 0 ? nil : ByteBuffer(string: "key-\(index)"),
                value: ByteBuffer(string: random.string()),
                headers: random.below(2) == 0 ? [] : [RecordHeader(key: "trace", value: ByteBuffer(string: "\(index)"))]
            )
        }
        let batch = try! RecordBatch(
            records: records,
            baseOffset: Int64(batchIndex * 10),
            baseTimestamp: 1_700_000_000_000,
            isTransactional: random.below(4) == 0,
            producerId: random.below(2) == 0 ? -1 : 4242,
            producerEpoch: 0,
            baseSequence: 0
        )
        buffer.writeKafkaRecordBatch(batch)
    }
    return buffer
}

/// A whole request frame, length prefix included.
func requestFrame<Message: KafkaRequestMessage & ArbitraryMessage>(
    _: Message.Type, version: Int16, using random: inout ArbitraryValues
) throws -> ByteBuffer {
    var body = Message.arbitrary(version: version, using: &random)
    if var produce = body as? ProduceRequest {
        for topic in produce.topicData.indices {
            for partition in produce.topicData[topic].partitionData.indices {
                produce.topicData[topic].partitionData[partition].records = sampleRecords(&random)
            }
        }
        body = produce as! Message
    }
    let header = RequestHeader(
        requestApiKey: Message.apiKey.rawValue,
        requestApiVersion: version,
        correlationId: Int32(random.below(1000)),
        clientId: random.below(3) == 0 ? nil : "rdkafka"
    )
    let frame = KafkaRequestFrame(header: header, body: try KafkaRequestBody(encoding: body, version: version))
    var buffer = ByteBuffer()
    try frame.encode(into: &buffer)
    return buffer
}

extension KafkaRequestBody {
    /// The body enum around a concrete message, by a round trip through its bytes.
    init<Message: KafkaRequestMessage>(encoding message: Message, version: Int16) throws {
        var bytes = ByteBuffer()
        try message.encode(into: &bytes, version: version)
        self = try KafkaRequestBody(from: &bytes, apiKey: Message.apiKey, version: version)
    }
}

/// A response seed: the three selector bytes, then a body (mode 0) or a
/// frame without its length prefix (mode 1).
func responseSeed<Message: KafkaResponseMessage & ArbitraryMessage>(
    _: Message.Type, version: Int16, mode: UInt8, using random: inout ArbitraryValues
) throws -> ByteBuffer {
    var body = Message.arbitrary(version: version, using: &random)
    if var fetch = body as? FetchResponse {
        for topic in fetch.responses.indices {
            for partition in fetch.responses[topic].partitions.indices {
                fetch.responses[topic].partitions[partition].records = sampleRecords(&random)
            }
        }
        body = fetch as! Message
    }
    let apiKey = Message.apiKey
    var buffer = ByteBuffer()
    buffer.writeInteger(UInt8(KafkaApiKey.allCases.firstIndex(of: apiKey)!))
    buffer.writeInteger(UInt8(version - apiKey.validVersions.lowerBound))
    buffer.writeInteger(mode)
    if mode & 1 == 1 {
        var header = ResponseHeader.arbitrary(version: apiKey.responseHeaderVersion(for: version), using: &random)
        header.correlationId = Int32(random.below(1000))
        try header.encode(into: &buffer, version: apiKey.responseHeaderVersion(for: version))
    }
    try body.encode(into: &buffer, version: version)
    return buffer
}

@MainActor func drawSmall(_ make: (inout ArbitraryValues) throws -> ByteBuffer) throws -> ByteBuffer {
    var smallest: ByteBuffer? = nil
    for _ in 0..<20 {
        let candidate = try make(&random)
        if candidate.readableBytes <= maximumSeedSize { return candidate }
        if smallest == nil || candidate.readableBytes < smallest!.readableBytes { smallest = candidate }
    }
    return smallest!
}

func fileName(_ apiKey: KafkaApiKey) -> String {
    apiKey.name.filter { $0.isLetter || $0.isNumber }
}

var clientSession = ByteBuffer()
for type in allMessageTypes {
    if let request = type as? any (KafkaRequestMessage & ArbitraryMessage).Type {
        for version in request.validVersions {
            for index in 0..<requestsPerVersion {
                let frame = try drawSmall { random in try requestFrame(request, version: version, using: &random) }
                write(frame, name: "req-\(fileName(request.apiKey))-v\(version)-\(index)")
                if request.apiKey == .apiVersions || request.apiKey == .saslHandshake
                    || request.apiKey == .metadata || request.apiKey == .produce || request.apiKey == .fetch,
                    version == request.validVersions.upperBound, index == 0
                {
                    clientSession.writeImmutableBuffer(frame)
                }
            }
        }
    } else if let response = type as? any (KafkaResponseMessage & ArbitraryMessage).Type {
        for version in response.validVersions {
            for mode: UInt8 in [0, 1] {
                let seed = try drawSmall { random in try responseSeed(response, version: version, mode: mode, using: &random) }
                write(seed, name: "resp-\(fileName(response.apiKey))-v\(version)-m\(mode)")
            }
        }
    }
}
// Several frames back to back, as a client's first writes on a connection.
write(clientSession, name: "stream-client-session")

if let clientFixtures {
    let root = URL(fileURLWithPath: clientFixtures, isDirectory: true)
    let clients = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
    for client in clients where !client.hasPrefix(".") {
        let directory = root.appendingPathComponent(client, isDirectory: true)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".bin") }
            // ApiVersions first, as a client starts; then by name.
            .sorted { ($0.hasPrefix("ApiVersions") ? 0 : 1, $0) < ($1.hasPrefix("ApiVersions") ? 0 : 1, $1) }
        var session = ByteBuffer()
        for file in files {
            let bytes = try Data(contentsOf: directory.appendingPathComponent(file))
            var frame = ByteBuffer()
            frame.writeInteger(Int32(bytes.count))
            frame.writeBytes(bytes)
            let name = "client-\(client)-\(file.dropLast(4))"
            write(frame, name: name)
            session.writeImmutableBuffer(frame)
        }
        write(session, name: "stream-client-\(client)")
    }
}

print("wrote \(written) seeds, \(totalBytes) bytes, to \(outputDirectory)")
