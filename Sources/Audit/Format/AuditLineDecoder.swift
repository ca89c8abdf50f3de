#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads lines of the log back into records. Any JSON spelling is accepted
/// (the chain is over the bytes, so nothing depends on re-encoding); every
/// value must be what the writer writes, and fields that belong together
/// must all be there.
public struct AuditLineDecoder {
    private let decoder = JSONDecoder()

    public init() {}

    public func decode(_ line: ArraySlice<UInt8>) throws(AuditLineError) -> AuditRecord {
        do {
            return try decoder.decode(DecodedRecord.self, from: Data(line)).record
        } catch let error as AuditLineError {
            throw error
        } catch let error as DecodingError {
            throw AuditLineError(Self.reason(error))
        } catch {
            throw AuditLineError("not a record: \(error)")
        }
    }

    private static func reason(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "the field \(key.stringValue) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "the field \(context.codingPath.last?.stringValue ?? "?") has the wrong type"
        case .dataCorrupted(let context) where context.codingPath.isEmpty: "not a JSON object"
        case .dataCorrupted(let context): "the field \(context.codingPath.last?.stringValue ?? "?") is invalid"
        @unknown default: "not a record"
        }
    }
}

/// The Decodable face of a record, private to the decoder.
private struct DecodedRecord: Decodable {
    let record: AuditRecord

    init(from decoder: any Decoder) throws {
        let fields = try decoder.container(keyedBy: AuditField.self)
        let seq = try fields.decode(UInt64.self, forKey: .seq)
        guard let prev = ChainHash(hex: try fields.decode(String.self, forKey: .prev)) else {
            throw AuditLineError("prev is not a SHA-256 in lower-case hex")
        }
        guard let time = AuditTime(rfc3339: try fields.decode(String.self, forKey: .time)) else {
            throw AuditLineError("time is not an RFC 3339 time")
        }
        guard let kind = AuditRecordKind(rawValue: try fields.decode(String.self, forKey: .kind)) else {
            throw AuditLineError("kind is not one of \(AuditRecordKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let content: AuditRecord.Content
        if kind == .checkpoint {
            guard let mac = Hex.decode(try fields.decode(String.self, forKey: .mac), count: CheckpointAuthenticator.macByteCount) else {
                throw AuditLineError("mac is not an HMAC-SHA256 in lower-case hex")
            }
            content = .checkpoint(AuditCheckpoint(time: time, dropped: try fields.decode(Int.self, forKey: .dropped), mac: mac))
        } else {
            content = .event(try Self.event(fields, time: time, kind: kind))
        }
        record = AuditRecord(seq: seq, prev: prev, content: content)
    }

    private static func event(_ fields: KeyedDecodingContainer<AuditField>, time: AuditTime, kind: AuditRecordKind) throws -> AuditEvent {
        var event = AuditEvent(time: time, kind: kind)
        if let id = try fields.decodeIfPresent(String.self, forKey: .connection) {
            event.connection = AuditConnection(
                id: id, clientAddress: try fields.decode(String.self, forKey: .client),
                clientPort: try fields.decode(Int.self, forKey: .clientPort), listener: try fields.decode(String.self, forKey: .listener)
            )
        }
        event.principal = try fields.decodeIfPresent(String.self, forKey: .principal)
        event.mechanism = try fields.decodeIfPresent(String.self, forKey: .mechanism)
        if let apiKey = try fields.decodeIfPresent(Int16.self, forKey: .apiKey) {
            event.request = AuditRequest(apiKey: apiKey, apiVersion: try fields.decode(Int16.self, forKey: .apiVersion))
        }
        if let type = try fields.decodeIfPresent(String.self, forKey: .resourceType) {
            event.resource = AuditResource(
                type: type, name: try fields.decode(String.self, forKey: .resourceName),
                patternType: try fields.decode(String.self, forKey: .patternType)
            )
        }
        event.operation = try fields.decodeIfPresent(String.self, forKey: .operation)
        if let decision = try fields.decodeIfPresent(String.self, forKey: .decision) {
            guard let parsed = AuditDecision(rawValue: decision) else { throw AuditLineError("decision is not ALLOW or DENY") }
            event.decision = parsed
        }
        if let name = try fields.decodeIfPresent(String.self, forKey: .rule) {
            event.rule = AuditRule(name: name, description: try fields.decode(String.self, forKey: .ruleDescription))
        }
        event.reason = try fields.decodeIfPresent(String.self, forKey: .reason)
        if let actor = try fields.decodeIfPresent(String.self, forKey: .actor) {
            event.change = AuditAdminChange(
                actor: actor, action: try fields.decode(String.self, forKey: .action),
                subject: try fields.decode(String.self, forKey: .subject), details: try fields.decode(String.self, forKey: .details),
                source: try fields.decode(String.self, forKey: .source), changeId: try fields.decodeIfPresent(Int64.self, forKey: .changeId)
            )
        }
        return event
    }
}
