import KafkaProtocol
import Synchronization

/// Topic ids → names, learned from the upstream's Metadata and CreateTopics
/// answers, gateway-wide: a client learns ids on one connection (its
/// bootstrap) and fetches by id on another (a node's). Fetch v13+, Metadata
/// by id and DeleteTopics v6 name topics by id only, and ACLs name topics,
/// so a request naming an id the gateway has not seen is refused for that
/// topic with UNKNOWN_TOPIC_ID — the error on which clients refresh their
/// metadata, through the gateway, which then learns it.
final class TopicNames: Sendable {
    private let names = Mutex<[KafkaUUID: String]>([:])

    func name(of id: KafkaUUID) -> String? {
        names.withLock { $0[id] }
    }

    func learn(from response: MetadataResponse) {
        let known = response.topics.compactMap { topic in topic.name.map { (topic.topicId, $0) } }.filter { $0.0 != .zero }
        guard !known.isEmpty else { return }
        names.withLock { names in
            for (id, name) in known { names[id] = name }
        }
    }

    func learn(from response: CreateTopicsResponse) {
        let created = response.topics.filter { $0.topicId != .zero }
        guard !created.isEmpty else { return }
        names.withLock { names in
            for topic in created { names[topic.topicId] = topic.name }
        }
    }
}
