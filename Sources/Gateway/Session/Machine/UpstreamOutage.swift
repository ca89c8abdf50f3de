import KafkaProtocol

/// What a forwarded request gets when its upstream connection fails before
/// answering: the retriable error a broker sends when it cannot serve the
/// request right now, so the client refreshes its metadata or coordinator
/// and retries on the same gateway connection (the next request opens a new
/// upstream connection).
///
/// An API whose response has no place for such an error in every version
/// the gateway forwards (Metadata above all, which a broker always answers)
/// gets nil: the client connection is closed instead, which clients also
/// treat as retriable.
enum UpstreamOutage {
    static func retriableError(for api: KafkaApiKey) -> KafkaErrorCode? {
        switch api {
        case .produce, .fetch, .listOffsets:
            .notLeaderOrFollower
        case .findCoordinator, .joinGroup, .syncGroup, .heartbeat, .leaveGroup, .offsetCommit,
             .initProducerId, .addOffsetsToTxn, .endTxn:
            .coordinatorNotAvailable
        default:
            nil
        }
    }
}
