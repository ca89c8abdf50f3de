import Authorization
import KafkaProtocol
import NIOCore
@testable import Gateway

/// ACLs, authorizers and requests for the authorization table's tests.
enum AuthorizationFixture {
    static let client = IPAddress("10.1.2.3")!

    static func allow(_ user: String, _ operation: AclOperation, _ type: AclResourceType, _ name: String,
                      _ patternType: AclPatternType = .literal) -> AclBinding {
        AclBinding(pattern: ResourcePattern(type, name, patternType),
                   entry: AccessControlEntry(principal: .user(user), operation: operation, permission: .allow))
    }

    static func deny(_ user: String, _ operation: AclOperation, _ type: AclResourceType, _ name: String) -> AclBinding {
        AclBinding(pattern: ResourcePattern(type, name),
                   entry: AccessControlEntry(principal: .user(user), operation: operation, permission: .deny))
    }

    static func authorizer(_ acls: [AclBinding], rules: [NetworkRule] = [], superUsers: Set<String> = []) -> Authorizer {
        Authorizer(acls: AclAuthorizer(bindings: acls, superUsers: superUsers), networkRules: NetworkRuleSet(rules))
    }

    /// Authorizes `body` (in `version`) for alice under `acls`.
    static func verdict(
        _ body: KafkaRequestBody, version: Int16, acls: [AclBinding], rules: [NetworkRule] = [],
        topicNames: TopicNames = TopicNames(), user: String = "alice", resolvesUnknownIds: Bool = true
    ) -> (RequestVerdict, [AccessDecision]) {
        var authorizer = RequestAuthorizer(
            access: RequestAccess(authorizer: authorizer(acls, rules: rules), user: user, host: client), topicNames: topicNames,
            resolvesUnknownIds: resolvesUnknownIds
        )
        let header = RequestHeader(requestApiKey: body.apiKey.rawValue, requestApiVersion: version, correlationId: 1, clientId: "t")
        let verdict = authorizer.authorize(KafkaRequestFrame(header: header, body: body))
        return (verdict, authorizer.access.decisions)
    }

    /// The records of one batch: transactional or not, with a producer id or none.
    static func records(transactional: Bool = false, producerId: Int64 = -1) -> ByteBuffer {
        var record = ByteBuffer()
        record.writeBytes([0x0c, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00])  // length 6, attributes, deltas, null key, empty value, no headers
        let batch = try! RecordBatch(
            baseOffset: 0, partitionLeaderEpoch: -1, attributes: transactional ? 0x10 : 0, lastOffsetDelta: 0,
            baseTimestamp: 0, maxTimestamp: 0, producerId: producerId, producerEpoch: producerId >= 0 ? 0 : -1,
            baseSequence: producerId >= 0 ? 0 : -1, recordsCount: 1, records: record
        )
        var buffer = ByteBuffer()
        buffer.writeKafkaRecordBatch(batch)
        return buffer
    }

    static func produce(_ topics: [String], transactionalId: String? = nil, records: ByteBuffer = records()) -> KafkaRequestBody {
        .produce(ProduceRequest(transactionalId: transactionalId, acks: -1, timeoutMs: 1000, topicData: topics.map {
            .init(name: $0, partitionData: [.init(index: 0, records: records)])
        }))
    }
}
