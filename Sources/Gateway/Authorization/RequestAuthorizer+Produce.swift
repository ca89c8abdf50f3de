import Authorization
import KafkaProtocol
import NIOCore

/// Produce: Write on each topic; transactional records need Write on the
/// transactional id the request names, and idempotent ones IdempotentWrite
/// on the cluster or Write on some topic (KIP-679). What the records are is
/// read from every batch's header, not taken from the request's fields: a
/// transactional batch in a request without a transactional id is the
/// CVE-2018-17196 bypass, and is refused. A partition whose records are not
/// whole v2 batches cannot be classified and gets INVALID_RECORD.
extension RequestAuthorizer {
    mutating func produce(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .produce(let produce) = request.body else { return refusing(request.body, .invalidRequest) }
        var kinds = ProducedRecordKinds()
        var unreadable: [ProduceRequest.TopicProduceData] = []
        var readable: [ProduceRequest.TopicProduceData] = []
        for topic in produce.topicData {
            let (good, bad) = topic.partitionData.split { kinds.classify($0.records) }
            if !good.isEmpty { readable.append(.init(name: topic.name, partitionData: good)) }
            if !bad.isEmpty { unreadable.append(.init(name: topic.name, partitionData: bad)) }
        }
        if kinds.transactional {
            guard let transactionalId = produce.transactionalId, access.allows(.write, transactionalId: transactionalId) else {
                return refusing(request.body, .transactionalIdAuthorizationFailed)
            }
        } else if kinds.idempotent {
            guard access.allowsAny(.write, of: .topic) || access.allowsOnCluster(.idempotentWrite) else {
                return refusing(request.body, .clusterAuthorizationFailed)
            }
        }
        let (allowed, denied) = readable.split { access.allows(.write, topic: $0.name) }
        var forwarded = produce
        forwarded.topicData = allowed
        var deniedParts: [(KafkaRequestBody, KafkaErrorCode)] = []
        if !denied.isEmpty { deniedParts.append((.produce(ProduceRequest(topicData: denied)), .topicAuthorizationFailed)) }
        if !unreadable.isEmpty { deniedParts.append((.produce(ProduceRequest(topicData: unreadable)), .invalidRecord)) }
        return partial(forwarding: .produce(forwarded), anythingAllowed: !allowed.isEmpty, denied: deniedParts)
    }
}

/// What the record batches of a Produce request are, from their headers.
struct ProducedRecordKinds {
    private(set) var transactional = false
    private(set) var idempotent = false

    /// Notes the batches of one partition; false when they are not whole v2 batches.
    mutating func classify(_ records: ByteBuffer?) -> Bool {
        guard var records else { return true }
        do {
            while let batch = try records.readKafkaRecordBatch() {
                if batch.isTransactional { transactional = true }
                if batch.producerId >= 0 { idempotent = true }
            }
        } catch {
            return false
        }
        return records.readableBytes == 0
    }
}
