import KafkaProtocol

/// Kafka's checks of an idempotent producer's batch against what the log
/// knows of the producer: epochs only move forward, sequences continue
/// without gaps, and a retried batch is recognised rather than written twice.
enum IdempotenceCheck {
    enum Verdict: Equatable {
        case append
        /// Already written: answer with the offset it got the first time.
        case duplicate(firstOffset: Int64)
        case refuse(KafkaErrorCode)
    }

    static func verdict(for batch: RecordBatch, state: ProducerState?) -> Verdict {
        guard batch.producerId >= 0, batch.baseSequence >= 0 else { return .append }
        let lastSequence = ProducerStateTable.sequence(batch.baseSequence, plus: batch.lastOffsetDelta)
        guard let state else {
            return batch.baseSequence == 0 ? .append : .refuse(.outOfOrderSequenceNumber)
        }
        if batch.producerEpoch < state.producerEpoch { return .refuse(.invalidProducerEpoch) }
        if batch.producerEpoch > state.producerEpoch {
            return batch.baseSequence == 0 ? .append : .refuse(.outOfOrderSequenceNumber)
        }
        if let earlier = state.recentBatches.first(where: { $0.firstSequence == batch.baseSequence && $0.lastSequence == lastSequence }) {
            return .duplicate(firstOffset: earlier.firstOffset)
        }
        guard let previous = state.lastSequence else {
            return batch.baseSequence == 0 ? .append : .refuse(.outOfOrderSequenceNumber)
        }
        return batch.baseSequence == ProducerStateTable.sequence(previous, plus: 1) ? .append : .refuse(.outOfOrderSequenceNumber)
    }
}
