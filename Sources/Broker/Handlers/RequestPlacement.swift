import KafkaProtocol

/// Which requests leave the event loop. A connection's requests run on the
/// loop that read them (`EventLoopTaskExecutor`); one whose handling may
/// block on a durable write of metadata (the fsyncs of the topic list, a
/// group's state or the producer-id block) runs on the global concurrent
/// executor instead, so it never stalls the loop's other connections.
/// Produce and Fetch stay: their fsyncs run on the I/O thread pool.
enum RequestPlacement {
    static func leavesTheEventLoop(_ body: KafkaRequestBody, autoCreateTopics: Bool) -> Bool {
        switch body {
        case .apiVersions, .fetch, .listOffsets, .describeCluster, .findCoordinator, .describeConfigs,
             .heartbeat, .offsetFetch, .listGroups, .describeGroups:
            false
        case .produce, .metadata:
            autoCreateTopics  // either may create a topic
        default:
            true
        }
    }
}
