import Crypto
import Foundation
import XCTest
@testable import Audit

final class AuditRecordFormatTests: XCTestCase {
    private let time = AuditTime(microsecondsSinceEpoch: 1_748_779_200_123_456)

    private func record(_ event: AuditEvent, seq: UInt64 = 7) -> AuditRecord {
        AuditRecord(seq: seq, prev: ChainHash(ofLine: Array("previous".utf8)), content: .event(event))
    }

    func testAnAuthorizationDecisionIsOneCanonicalLine() throws {
        let line = String(decoding: record(sampleDecisionAt(time)).line, as: UTF8.self)
        XCTAssertEqual(line, #"{"seq":7,"prev":"\#(ChainHash(ofLine: Array("previous".utf8)))","time":"2025-06-01T12:00:00.123456Z","kind":"authorization","connection":"c-3","client":"192.0.2.10","clientPort":1027,"listener":"SASL_SSL","principal":"User:alice","mechanism":"SCRAM-SHA-512","apiKey":0,"apiVersion":9,"resourceType":"Topic","resourceName":"orders","patternType":"LITERAL","operation":"Write","decision":"ALLOW","rule":"acl:User:alice:Topic:LITERAL:orders:Write:ALLOW","ruleDescription":"alice may write orders"}"#)
    }

    func testEveryKindDecodesToWhatWasEncodedAndEncodesToTheSameBytes() throws {
        let change = AuditAdminChange(actor: "ops", action: "acl-create", subject: "User:bob", details: #"{"operation":"Read"}"#, source: "authctl", changeId: 42)
        let events: [AuditEvent] = [
            sampleDecisionAt(time),
            .authentication(connection: sampleConnection, principal: "bob", mechanism: "SCRAM-SHA-256", decision: .deny, reason: "invalid credentials", time: time),
            .authentication(connection: sampleConnection, principal: "User:CN=client", mechanism: "SSL", decision: .allow, time: time),
            .adminChange(change, time: time),
            .adminChange(change, connection: sampleConnection, request: AuditRequest(apiKey: 30, apiVersion: 3),
                         resource: AuditResource(type: "Topic", name: "pay", patternType: "PREFIXED"), time: time),
        ]
        var records = events.map { record($0) }
        records.append(CheckpointAuthenticator(key: SymmetricKey(size: .bits256)).checkpoint(seq: 9, prev: .genesis, time: time, dropped: 3))
        for original in records {
            let decoded = try AuditLineDecoder().decode(original.line[...])
            XCTAssertEqual(decoded, original)
            XCTAssertEqual(decoded.line, original.line)
        }
    }

    func testKeysFollowTheFixedOrder() throws {
        let change = AuditAdminChange(actor: "ops", action: "user-add", subject: "User:bob", details: "{}", source: "authctl", changeId: 1)
        let full = record(.adminChange(change, connection: sampleConnection, request: AuditRequest(apiKey: 1, apiVersion: 2),
                                       resource: AuditResource(type: "Topic", name: "t"), time: time))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(full.line)) as? [String: Any])
        let text = String(decoding: full.line, as: UTF8.self)
        let positions = AuditField.allCases.filter { object[$0.rawValue] != nil }.map { text.range(of: "\"\($0.rawValue)\":")!.lowerBound }
        XCTAssertEqual(positions, positions.sorted())
        XCTAssertEqual(positions.count, object.count)
    }

    func testStringsAreEscapedSoEveryLineIsOneJSONObject() throws {
        let awkward = "quote\" backslash\\ newline\n tab\t nul\u{0} del\u{7f} é ✓ 🦀 \u{2028}"
        let event = AuditEvent.authentication(connection: sampleConnection, principal: awkward, mechanism: "PLAIN", decision: .deny, reason: awkward, time: time)
        let line = record(event).line
        XCTAssertFalse(line.contains(UInt8(ascii: "\n")))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        XCTAssertEqual(object["principal"] as? String, awkward)
        XCTAssertEqual(try AuditLineDecoder().decode(line[...]).event?.reason, awkward)
    }

    /// Every field a record may have, reviewed: none can carry a password, a
    /// token, a signature or key material. A new field fails this test until it is added here.
    func testARecordHasNoFieldForASecret() {
        XCTAssertEqual(AuditField.allCases.map(\.rawValue), [
            "seq", "prev", "time", "kind", "connection", "client", "clientPort", "listener", "principal", "mechanism",
            "apiKey", "apiVersion", "resourceType", "resourceName", "patternType", "operation", "decision", "rule",
            "ruleDescription", "reason", "actor", "action", "subject", "details", "source", "changeId", "dropped", "mac",
        ])
        let labels = Set(Mirror(reflecting: sampleDecision()).children.compactMap(\.label))
        for forbidden in ["password", "secret", "token", "credential", "signature", "nonce", "proof", "salt"] {
            XCTAssertFalse(AuditField.allCases.contains { $0.rawValue.lowercased().contains(forbidden) }, forbidden)
            XCTAssertFalse(labels.contains { $0.lowercased().contains(forbidden) }, forbidden)
        }
    }

    func testLinesThatAreNotRecordsSayWhy() {
        let good = String(decoding: record(sampleDecisionAt(time)).line, as: UTF8.self)
        let cases: [(String, String)] = [
            ("not json", "not a JSON object"),
            (good.replacingOccurrences(of: #""seq":7,"#, with: ""), "the field seq is missing"),
            (good.replacingOccurrences(of: #""decision":"ALLOW""#, with: #""decision":"MAYBE""#), "decision is not ALLOW or DENY"),
            (good.replacingOccurrences(of: #""kind":"authorization""#, with: #""kind":"other""#), "kind is not one of"),
            (good.replacingOccurrences(of: #""client":"192.0.2.10","#, with: ""), "the field client is missing"),
            (good.replacingOccurrences(of: "2025-06-01T12", with: "2025-13-01T12"), "time is not an RFC 3339 time"),
        ]
        for (line, reason) in cases {
            XCTAssertThrowsError(try AuditLineDecoder().decode(Array(line.utf8)[...]), reason) { error in
                XCTAssertTrue("\(error)".contains(reason), "\(error) does not say \(reason)")
            }
        }
    }

    func testChainHashAndCheckpointMAC() throws {
        XCTAssertEqual(ChainHash.genesis.description, String(repeating: "0", count: 64))
        XCTAssertEqual(ChainHash(ofLine: Array("abc".utf8)).description, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertNil(ChainHash(hex: String(repeating: "A", count: 64)), "upper case would hash differently")
        let authenticator = CheckpointAuthenticator(key: SymmetricKey(size: .bits256))
        let checkpoint = authenticator.checkpoint(seq: 5, prev: .genesis, time: time, dropped: 0)
        XCTAssertTrue(authenticator.isAuthentic(checkpoint))
        XCTAssertFalse(CheckpointAuthenticator(key: SymmetricKey(size: .bits256)).isAuthentic(checkpoint))
        for altered in [
            AuditRecord(seq: 6, prev: checkpoint.prev, content: checkpoint.content),
            AuditRecord(seq: 5, prev: ChainHash(ofLine: [1]), content: checkpoint.content),
            AuditRecord(seq: 5, prev: .genesis, content: .checkpoint(AuditCheckpoint(time: time.adding(microseconds: 1), dropped: 0, mac: checkpoint.checkpoint!.mac))),
            AuditRecord(seq: 5, prev: .genesis, content: .checkpoint(AuditCheckpoint(time: time, dropped: 1, mac: checkpoint.checkpoint!.mac))),
        ] {
            XCTAssertFalse(authenticator.isAuthentic(altered))
        }
    }

    private func sampleDecisionAt(_ time: AuditTime) -> AuditEvent {
        var event = sampleDecision(3, decision: .allow)
        event.time = time
        return event
    }
}
