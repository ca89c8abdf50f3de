import Authorization
import KafkaProtocol

/// Producer ids and transactions: Write on the transactional id for
/// everything a transaction does, with Write on its topics and Read on the
/// group whose offsets it commits; IdempotentWrite on the cluster (or, as
/// KIP-679 allows, Write on some topic) for an idempotent producer's id.
extension RequestAuthorizer {
    mutating func initProducerId(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .initProducerId(let initialize) = request.body else { return refusing(request.body, .invalidRequest) }
        if let transactionalId = initialize.transactionalId {
            return access.allows(.write, transactionalId: transactionalId) ? .unchanged : refusing(request.body, .transactionalIdAuthorizationFailed)
        }
        let idempotent = access.allowsAny(.write, of: .topic) || access.allowsOnCluster(.idempotentWrite)
        return idempotent ? .unchanged : refusing(request.body, .clusterAuthorizationFailed)
    }

    /// AddPartitionsToTxn v0–3 (a producer): Write on the transactional id and
    /// on every topic, all or nothing — a denied topic fails the request, the
    /// other partitions get OPERATION_NOT_ATTEMPTED, as Kafka answers. v4+ is
    /// between brokers only and needs ClusterAction.
    mutating func addPartitionsToTxn(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .addPartitionsToTxn(let add) = request.body else { return refusing(request.body, .invalidRequest) }
        if request.apiVersion >= 4 {
            return access.allowsOnCluster(.clusterAction) ? .unchanged : refusing(request.body, .clusterAuthorizationFailed)
        }
        guard access.allows(.write, transactionalId: add.v3AndBelowTransactionalId) else {
            return refusing(request.body, .transactionalIdAuthorizationFailed)
        }
        let (allowed, denied) = add.v3AndBelowTopics.split { access.allows(.write, topic: $0.name) }
        guard !denied.isEmpty else { return .unchanged }
        var answer = KafkaResponseBody.refusal(
            of: .addPartitionsToTxn(AddPartitionsToTxnRequest(v3AndBelowTopics: denied)), errorCode: KafkaErrorCode.topicAuthorizationFailed.rawValue
        )
        answer.absorbResources(of: .refusal(
            of: .addPartitionsToTxn(AddPartitionsToTxnRequest(v3AndBelowTopics: allowed)), errorCode: KafkaErrorCode.operationNotAttempted.rawValue
        ))
        answer.clearTopLevelError()
        return .answer(answer)
    }

    mutating func addOffsetsToTxn(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .addOffsetsToTxn(let add) = request.body else { return refusing(request.body, .invalidRequest) }
        guard access.allows(.write, transactionalId: add.transactionalId) else { return refusing(request.body, .transactionalIdAuthorizationFailed) }
        return access.allows(.read, group: add.groupId) ? .unchanged : refusing(request.body, .groupAuthorizationFailed)
    }

    mutating func endTxn(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .endTxn(let end) = request.body else { return refusing(request.body, .invalidRequest) }
        return access.allows(.write, transactionalId: end.transactionalId) ? .unchanged : refusing(request.body, .transactionalIdAuthorizationFailed)
    }

    /// TxnOffsetCommit: Write on the transactional id, Read on the group, Read on each topic.
    mutating func txnOffsetCommit(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .txnOffsetCommit(var commit) = request.body else { return refusing(request.body, .invalidRequest) }
        guard access.allows(.write, transactionalId: commit.transactionalId) else {
            return refusing(request.body, .transactionalIdAuthorizationFailed)
        }
        guard access.allows(.read, group: commit.groupId) else { return refusing(request.body, .groupAuthorizationFailed) }
        let (allowed, denied) = commit.topics.split { access.allows(.read, topic: $0.name) }
        commit.topics = allowed
        return partial(forwarding: .txnOffsetCommit(commit), anythingAllowed: !allowed.isEmpty, denied: denied.isEmpty ? [] : [
            (.txnOffsetCommit(TxnOffsetCommitRequest(topics: denied)), .topicAuthorizationFailed),
        ])
    }

    /// DescribeTransactions: Describe on each transactional id.
    mutating func describeTransactions(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .describeTransactions(var describe) = request.body else { return refusing(request.body, .invalidRequest) }
        let (allowed, denied) = describe.transactionalIds.split { access.allows(.describe, transactionalId: $0) }
        describe.transactionalIds = allowed
        return partial(forwarding: .describeTransactions(describe), anythingAllowed: !allowed.isEmpty, denied: denied.isEmpty ? [] : [
            (.describeTransactions(DescribeTransactionsRequest(transactionalIds: denied)), .transactionalIdAuthorizationFailed),
        ])
    }

    /// ListTransactions: only the transactional ids the principal may Describe.
    mutating func listTransactions(_ request: KafkaRequestFrame) -> RequestVerdict {
        .forward(body: nil, amendment: amendment { body, access in
            guard case .listTransactions(var response) = body else { return }
            response.transactionStates = response.transactionStates.filter {
                access.allows(.describe, ResourceName(.transactionalId, $0.transactionalId), logIfDenied: false)
            }
            body = .listTransactions(response)
        })
    }
}
