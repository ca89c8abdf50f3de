import KafkaProtocol
import NIOCore

/// Reads the size of each partition's records field from a Fetch response
/// frame as it is written, whole or in parts as it passes through, without
/// holding or decoding the records: only the few fields before each records
/// field are parsed; records and tagged fields are skipped. What follows
/// the topics (top-level tagged fields) is not read.
struct FetchResponseScanner {
    /// How the response names a topic: by name up to v12, by id from v13.
    enum Topic {
        case name(String)
        case id(KafkaUUID)
    }

    private enum Stage {
        case header, top, topicCount, topic, partitionCount, partition, abortedCount, aborted, records, topicEnd
        case tagCount, tagField, done
    }

    private let version: Int16
    private var stage = Stage.header
    /// Where a tagged-field section leads once skipped.
    private var afterTags = Stage.done
    private var tagsLeft = 0
    private var topicsLeft = 0
    private var partitionsLeft = 0
    private var abortedLeft = 0
    private var topic = Topic.name("")
    /// Bytes of records or tagged-field data still to pass over.
    private var skipping = 0
    /// The start of a field cut between two writes (a few bytes), kept until the rest comes.
    private var pending = ByteBuffer()
    /// How much of a write joins `pending` at a time: more than any field before a records field needs.
    private static let chunk = 512

    init(version: Int16) {
        self.version = version
    }

    private var flexible: Bool { version >= 12 }

    /// Scans the next bytes of the frame, the first ones with its length
    /// prefix; `partition` gets each partition's topic and records size.
    mutating func scan(_ bytes: ByteBuffer, partition: (Topic, Int) -> Void) {
        var bytes = bytes
        while stage != .done, bytes.readableBytes > 0 {
            if pending.readableBytes == 0 {
                advance(&bytes, partition)
                if stage != .done, skipping == 0, bytes.readableBytes > 0 {
                    pending = ByteBufferAllocator().buffer(capacity: bytes.readableBytes)
                    pending.writeBuffer(&bytes)
                }
            } else {
                var held = pending
                pending = ByteBuffer()  // `held` is the only reference, so it grows in place
                var chunk = bytes.readSlice(length: min(bytes.readableBytes, Self.chunk))!
                held.writeBuffer(&chunk)
                advance(&held, partition)
                if held.readableBytes > 0 { pending = held }
            }
        }
    }

    /// Parses fields while `buffer` holds them whole.
    private mutating func advance(_ buffer: inout ByteBuffer, _ partition: (Topic, Int) -> Void) {
        while stage != .done {
            if skipping > 0 {
                let skipped = min(skipping, buffer.readableBytes)
                buffer.moveReaderIndex(forwardBy: skipped)
                skipping -= skipped
                if skipping > 0 { return }
            }
            let start = buffer.readerIndex
            guard step(&buffer, partition) else {
                buffer.moveReaderIndex(to: start)
                return
            }
        }
    }

    /// Reads the next field; false, having read nothing that counts, when it is not whole in `buffer`.
    private mutating func step(_ buffer: inout ByteBuffer, _ partition: (Topic, Int) -> Void) -> Bool {
        switch stage {
        case .header:
            guard skip(8, in: &buffer) else { return false }  // length, correlation id
            enter(.top, taggedFields: flexible)
        case .top:
            guard skip((version >= 1 ? 4 : 0) + (version >= 7 ? 6 : 0), in: &buffer) else { return false }  // throttle; error, session
            stage = .topicCount
        case .topicCount:
            guard let count = arrayCount(&buffer) else { return false }
            topicsLeft = count
            stage = count > 0 ? .topic : .done
        case .topic:
            if version >= 13 {
                guard let high = buffer.readInteger(as: UInt64.self), let low = buffer.readInteger(as: UInt64.self) else { return false }
                topic = .id(KafkaUUID(mostSignificantBits: high, leastSignificantBits: low))
            } else {
                guard let name = string(&buffer) else { return false }
                topic = .name(name)
            }
            stage = .partitionCount
        case .partitionCount:
            guard let count = arrayCount(&buffer) else { return false }
            partitionsLeft = count
            stage = count > 0 ? .partition : .topicEnd
        case .partition:
            // index, error, high watermark; last stable offset (v4+); log start offset (v5+)
            guard skip(14 + (version >= 4 ? 8 : 0) + (version >= 5 ? 8 : 0), in: &buffer) else { return false }
            stage = version >= 4 ? .abortedCount : .records
        case .abortedCount:
            guard let count = arrayCount(&buffer) else { return false }
            abortedLeft = count
            stage = count > 0 ? .aborted : .records
        case .aborted:
            guard skip(16, in: &buffer) else { return false }  // producer id, first offset
            abortedLeft -= 1
            enter(abortedLeft > 0 ? .aborted : .records, taggedFields: flexible)
        case .records:
            guard version < 11 || skip(4, in: &buffer) else { return false }  // preferred read replica
            guard let length = flexible ? uvarint(&buffer).map({ $0 - 1 }) : buffer.readInteger(as: Int32.self).map(Int.init) else {
                return false
            }
            let size = max(length, 0)
            partition(topic, size)
            skipping = size
            partitionsLeft -= 1
            enter(partitionsLeft > 0 ? .partition : .topicEnd, taggedFields: flexible)
        case .topicEnd:
            topicsLeft -= 1
            enter(topicsLeft > 0 ? .topic : .done, taggedFields: flexible)
        case .tagCount:
            guard let count = uvarint(&buffer) else { return false }
            tagsLeft = count
            stage = count > 0 ? .tagField : afterTags
        case .tagField:
            guard uvarint(&buffer) != nil, let size = uvarint(&buffer) else { return false }  // tag, size
            skipping = size
            tagsLeft -= 1
            stage = tagsLeft > 0 ? .tagField : afterTags
        case .done:
            return false
        }
        return true
    }

    private mutating func enter(_ next: Stage, taggedFields: Bool) {
        if taggedFields {
            afterTags = next
            stage = .tagCount
        } else {
            stage = next
        }
    }

    private func skip(_ count: Int, in buffer: inout ByteBuffer) -> Bool {
        guard buffer.readableBytes >= count else { return false }
        buffer.moveReaderIndex(forwardBy: count)
        return true
    }

    /// An array's element count (0 for null).
    private mutating func arrayCount(_ buffer: inout ByteBuffer) -> Int? {
        let count = flexible ? uvarint(&buffer).map { $0 - 1 } : buffer.readInteger(as: Int32.self).map(Int.init)
        return count.map { max($0, 0) }
    }

    private mutating func string(_ buffer: inout ByteBuffer) -> String? {
        guard let length = flexible ? uvarint(&buffer).map({ $0 - 1 }) : buffer.readInteger(as: Int16.self).map(Int.init) else {
            return nil
        }
        return length > 0 ? buffer.readString(length: length) : ""
    }

    /// Nil when cut short; a malformed varint ends the scan (the client gets the response regardless).
    private mutating func uvarint(_ buffer: inout ByteBuffer) -> Int? {
        do {
            return Int(try buffer.readKafkaUnsignedVarint())
        } catch .truncated {
            return nil
        } catch {
            stage = .done
            return nil
        }
    }
}
