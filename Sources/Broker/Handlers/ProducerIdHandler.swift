import KafkaProtocol

/// InitProducerId for idempotent producers. Transactions are not offered,
/// so a transactional id is refused.
struct ProducerIdHandler: Sendable {
    let allocator: ProducerIdAllocator

    func initProducerId(_ request: InitProducerIdRequest) async -> InitProducerIdResponse {
        guard request.transactionalId == nil else {
            return InitProducerIdResponse(errorCode: KafkaErrorCode.invalidRequest.rawValue, producerId: -1, producerEpoch: -1)
        }
        // KIP-360: a producer that names its id and epoch keeps the id with the next epoch.
        if request.producerId >= 0, request.producerEpoch >= 0, request.producerEpoch < Int16.max {
            return InitProducerIdResponse(producerId: request.producerId, producerEpoch: request.producerEpoch + 1)
        }
        do {
            return InitProducerIdResponse(producerId: try await allocator.allocate(), producerEpoch: 0)
        } catch {
            return InitProducerIdResponse(errorCode: KafkaErrorCode.kafkaStorageError.rawValue, producerId: -1, producerEpoch: -1)
        }
    }
}
