import KafkaProtocol
import NIOCore

/// What one fuzz input is put through. Thrown decoding errors are the
/// expected outcome for most inputs; a finding is anything else: a value that
/// decodes but re-encodes to other bytes or not at all, or a framing
/// invariant broken. (Traps and memory errors are findings too, reported by
/// the runtime and AddressSanitizer rather than here.)
///
/// The input is read three ways:
/// 1. as a stream of request frames: cut by `KafkaFrameDecoder`, each decoded
///    as `KafkaRequestFrame`, re-encoded and compared byte for byte, its
///    resource references collected, and the record batches of a Produce
///    request read, re-encoded and their records decoded;
/// 2. as a response: byte 0 picks the API (index into `KafkaApiKey.allCases`),
///    byte 1 the version (index into its valid versions, or with mode bit 1 a
///    raw signed version), byte 2 is the mode (bit 0: body only, or a whole
///    response frame with header); the bytes after these three are decoded,
///    re-encoded and compared, and Fetch/ShareFetch records read as above.
public enum KafkaFuzzChecks {
    /// The frame limit used when cutting the stream (the gateway's default is 1 MiB).
    public static let maximumFrameLength = 1 << 20
    /// Bounds work per input; the stream is cut no further than this.
    public static let maximumFramesPerInput = 64

    /// The findings for `bytes`; empty when the codec behaved.
    public static func check(_ bytes: UnsafeRawBufferPointer) -> [String] {
        var findings: [String] = []
        let input = ByteBuffer(bytes: bytes)
        checkRequestStream(input, findings: &findings)
        checkResponse(input, findings: &findings)
        return findings
    }

    public static func check(_ bytes: [UInt8]) -> [String] {
        bytes.withUnsafeBytes { check($0) }
    }

    // MARK: Requests

    static func checkRequestStream(_ input: ByteBuffer, findings: inout [String]) {
        var stream = input
        let decoder = KafkaFrameDecoder(maximumFrameLength: maximumFrameLength)
        for _ in 0..<maximumFramesPerInput {
            let before = stream
            let frame: ByteBuffer?
            do {
                frame = try decoder.nextFrame(from: &stream)
            } catch {
                if stream.readerIndex != before.readerIndex {
                    findings.append("KafkaFrameDecoder threw \(error) after moving the reader index")
                }
                return
            }
            guard let frame else {
                if stream.readerIndex != before.readerIndex {
                    findings.append("KafkaFrameDecoder returned nil after moving the reader index")
                }
                return
            }
            let announced = Int(before.getInteger(at: before.readerIndex, as: Int32.self)!)
            if frame.readableBytes != announced
                || stream.readerIndex != before.readerIndex + 4 + announced
                || frame.readableBytes > maximumFrameLength
            {
                findings.append(
                    "KafkaFrameDecoder cut \(frame.readableBytes) bytes for a length prefix of \(announced)"
                )
                return
            }
            checkRequestFrame(frame, findings: &findings)
        }
    }

    static func checkRequestFrame(_ frame: ByteBuffer, findings: inout [String]) {
        let request: KafkaRequestFrame
        do {
            request = try KafkaRequestFrame(decoding: frame)
        } catch {
            return
        }
        let what = "request \(request.apiKey) v\(request.apiVersion)"
        var encoded = ByteBuffer()
        do {
            try request.encode(into: &encoded)
        } catch {
            findings.append("\(what) decoded but does not encode: \(error)")
            return
        }
        // encode(into:) writes the length prefix; the frame came without one.
        var expected = ByteBuffer()
        expected.writeInteger(Int32(truncatingIfNeeded: frame.readableBytes))
        expected.writeImmutableBuffer(frame)
        if encoded != expected {
            // The same value again from the re-encoded bytes means the input was merely a
            // non-canonical form of it; a different value is worse. Compared as bytes
            // (encoding is injective), since a NaN Float64 field makes `==` false.
            var reencodedFrame = encoded
            reencodedFrame.moveReaderIndex(forwardBy: 4)
            var again = ByteBuffer()
            let same =
                (try? KafkaRequestFrame(decoding: reencodedFrame)).map { value in
                    (try? value.encode(into: &again)) != nil && again == encoded
                } ?? false
            findings.append(mismatchFinding(what, expected: expected, encoded: encoded, sameValue: same))
        }

        _ = request.body.message.resourceReferences(version: request.apiVersion)

        if case .produce(let produce) = request.body {
            for topic in produce.topicData {
                for partition in topic.partitionData {
                    if let records = partition.records {
                        checkRecords(records, what: "\(what) topic \(topic.name) partition \(partition.index)", findings: &findings)
                    }
                }
            }
        }
    }

    // MARK: Responses

    static func checkResponse(_ input: ByteBuffer, findings: inout [String]) {
        var rest = input
        guard let selector = rest.readBytes(length: 3) else { return }
        let keys = KafkaApiKey.allCases
        let apiKey = keys[Int(selector[0]) % keys.count]
        let versions = apiKey.validVersions
        let mode = selector[2]
        let version: Int16 =
            mode & 2 == 0
            ? versions.lowerBound + Int16(Int(selector[1]) % versions.count)
            : Int16(Int8(bitPattern: selector[1]))
        let what = "response \(apiKey) v\(version)"

        let body: KafkaResponseBody
        var encoded = ByteBuffer()
        var expected = ByteBuffer()
        if mode & 1 == 0 {
            var buffer = rest
            do {
                body = try KafkaResponseBody(from: &buffer, apiKey: apiKey, version: version)
            } catch {
                return
            }
            if body.apiKey != apiKey {
                findings.append("\(what) decoded as a body of \(body.apiKey)")
            }
            expected = rest.getSlice(at: rest.readerIndex, length: buffer.readerIndex - rest.readerIndex)!
            do {
                try body.encode(into: &encoded, version: version)
            } catch {
                findings.append("\(what) body decoded but does not encode: \(error)")
                return
            }
        } else {
            let frame: KafkaResponseFrame
            do {
                frame = try KafkaResponseFrame(decoding: rest, apiKey: apiKey, apiVersion: version)
            } catch {
                return
            }
            body = frame.body
            expected.writeInteger(Int32(truncatingIfNeeded: rest.readableBytes))
            expected.writeImmutableBuffer(rest)
            do {
                try frame.encode(into: &encoded)
            } catch {
                findings.append("\(what) frame decoded but does not encode: \(error)")
                return
            }
        }
        if encoded != expected {
            // As for requests: the value decoded from the re-encoding must encode to it again.
            var reencoded = encoded
            var again = ByteBuffer()
            let same: Bool
            if mode & 1 == 0 {
                same =
                    (try? KafkaResponseBody(from: &reencoded, apiKey: apiKey, version: version)).map { value in
                        (try? value.encode(into: &again, version: version)) != nil && again == encoded
                    } ?? false
            } else {
                reencoded.moveReaderIndex(forwardBy: 4)
                same =
                    (try? KafkaResponseFrame(decoding: reencoded, apiKey: apiKey, apiVersion: version)).map { value in
                        (try? value.encode(into: &again)) != nil && again == encoded
                    } ?? false
            }
            findings.append(mismatchFinding("\(what) (mode \(mode))", expected: expected, encoded: encoded, sameValue: same))
        }

        switch body {
        case .fetch(let fetch):
            for topic in fetch.responses {
                for partition in topic.partitions {
                    if let records = partition.records {
                        checkRecords(records, what: "\(what) partition \(partition.partitionIndex)", findings: &findings)
                    }
                }
            }
        case .shareFetch(let fetch):
            for topic in fetch.responses {
                for partition in topic.partitions {
                    if let records = partition.records {
                        checkRecords(records, what: "\(what) partition \(partition.partitionIndex)", findings: &findings)
                    }
                }
            }
        default:
            break
        }
    }

    // MARK: Record batches

    /// Reads every batch of a records field one at a time and as a whole,
    /// re-encodes each batch and its records, and checks the CRC (a mismatch
    /// is an expected error, so only the call is exercised).
    static func checkRecords(_ records: ByteBuffer, what: String, findings: inout [String]) {
        var whole = records
        let all: RecordBatches?
        do {
            all = try whole.readKafkaRecordBatches()
            if whole.readableBytes != 0 {
                findings.append("\(what): readKafkaRecordBatches left \(whole.readableBytes) bytes")
            }
        } catch {
            all = nil
        }

        var input = records
        var batches: [RecordBatch] = []
        while true {
            let start = input.readerIndex
            let batch: RecordBatch?
            do {
                batch = try input.readKafkaRecordBatch()
            } catch {
                if input.readerIndex != start {
                    findings.append("\(what): readKafkaRecordBatch threw \(error) after moving the reader index")
                }
                if all != nil {
                    findings.append("\(what): readKafkaRecordBatch threw \(error) where readKafkaRecordBatches did not")
                }
                return
            }
            guard let batch else {
                if input.readerIndex != start {
                    findings.append("\(what): readKafkaRecordBatch returned nil after moving the reader index")
                }
                break
            }
            batches.append(batch)
            let original = records.getSlice(at: start, length: input.readerIndex - start)!
            let batchWhat = "\(what) batch at \(start - records.readerIndex)"
            var reencoded = ByteBuffer()
            reencoded.writeKafkaRecordBatch(batch)
            if reencoded != original {
                findings.append("\(batchWhat) re-encoded differently: \(describeDifference(original, reencoded))")
            }
            _ = batch.compression
            _ = batch.lastOffset
            _ = try? batch.verifyChecksum()
            let decoded: [Record]
            do {
                decoded = try batch.decodeRecords()
            } catch {
                continue
            }
            if decoded.count != Int(batch.recordsCount) {
                findings.append("\(batchWhat): decodeRecords gave \(decoded.count) of recordsCount \(batch.recordsCount)")
            }
            var recordBytes = ByteBuffer()
            for record in decoded {
                do {
                    try recordBytes.writeKafkaRecord(record)
                } catch {
                    findings.append("\(batchWhat): a decoded record does not encode: \(error)")
                    break
                }
            }
            if recordBytes != batch.records {
                findings.append("\(batchWhat) records re-encoded differently: \(describeDifference(batch.records, recordBytes))")
            }
        }
        if let all {
            if all.batches != batches || all.partialTrailingBatchLength != input.readableBytes {
                findings.append(
                    "\(what): readKafkaRecordBatches gave \(all.batches.count) batches + \(all.partialTrailingBatchLength) bytes, one at a time gave \(batches.count) + \(input.readableBytes)"
                )
            }
        }
    }

    // MARK: Reporting

    /// Names the finding for bytes that re-encoded differently, tagged so that
    /// a fuzzing run can be told to tolerate known classes and look for others
    /// (`KAFKA_FUZZ_ALLOW=bool-normalization,same-value`):
    /// - `[bool-normalization]`: the only differences are bytes other than 0
    ///   and 1 re-encoded as 1, and the re-encoding decodes to the same value
    ///   (a boolean read as "not zero" and written back as 1);
    /// - `[same-value]`: any other input that is a non-canonical form of the
    ///   value it decodes to (e.g. a known tagged field sent with its default
    ///   value, which re-encoding leaves out);
    /// - `[different-value]`: the re-encoding decodes to a value that encodes
    ///   differently again, i.e. (encoding being injective) to another value,
    ///   or does not decode at all. Never tolerable.
    ///
    /// "Same value" is judged on bytes, not with `==`: a NaN Float64 field
    /// makes a value unequal to itself.
    static func mismatchFinding(_ what: String, expected: ByteBuffer, encoded: ByteBuffer, sameValue: Bool) -> String {
        let a = Array(expected.readableBytesView)
        let b = Array(encoded.readableBytesView)
        let differences = zip(a, b).filter { $0 != $1 }
        let boolNormalization =
            sameValue && a.count == b.count && !differences.isEmpty
            && differences.allSatisfy { original, reencoded in original > 1 && reencoded == 1 }
        let tag =
            boolNormalization
            ? "[bool-normalization] "
            : sameValue ? "[same-value] " : "[different-value] "
        return "\(tag)\(what) re-encoded differently: \(describeDifference(expected, encoded))"
    }

    /// Where two byte strings first differ, with some bytes of context in hex.
    static func describeDifference(_ expected: ByteBuffer, _ actual: ByteBuffer) -> String {
        let a = Array(expected.readableBytesView)
        let b = Array(actual.readableBytesView)
        var index = 0
        while index < a.count, index < b.count, a[index] == b[index] { index += 1 }
        func hex(_ bytes: [UInt8]) -> String {
            let window = bytes[max(0, index - 8)..<min(bytes.count, index + 16)]
            return window.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
                .joined(separator: " ")
        }
        return "input has \(a.count) bytes, re-encoding \(b.count); first difference at byte \(index); input …\(hex(a))… re-encoded …\(hex(b))…"
    }
}
