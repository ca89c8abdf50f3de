import KafkaProtocol
import NIOCore

/// A client's request held while the upstream is asked for the names of
/// topic ids it names (Fetch v13+, Metadata and DeleteTopics by id): ACLs
/// name topics, so an id must become a name before the request is decided.
struct TopicLookup {
    let frame: ByteBuffer
    let request: KafkaRequestFrame
    /// The policy it will be decided by: the newest, should one land while it waits.
    var policy: GatewayPolicy
    let apis: NegotiatedApis
}

extension SessionStateMachine {
    /// The first Metadata version that looks topics up by id.
    static let metadataByIdVersion: Int16 = 12

    /// Asks the upstream, on this connection's own link, for the topics
    /// `ids` name; reading pauses so that nothing overtakes the held request.
    /// An upstream too old to look up ids leaves them unknown.
    mutating func lookUpTopicIds(_ ids: Set<KafkaUUID>, for lookup: TopicLookup, into actions: inout [SessionAction]) {
        guard let versions = lookup.apis.versions[.metadata], versions.upperBound >= Self.metadataByIdVersion else {
            return decideWithoutLookup(lookup, into: &actions)
        }
        let version = Self.metadataByIdVersion
        let question = KafkaRequestFrame(
            header: RequestHeader(
                requestApiKey: KafkaApiKey.metadata.rawValue, requestApiVersion: version,
                correlationId: lookup.request.header.correlationId, clientId: "portcullis-topic-lookup"
            ),
            body: .metadata(MetadataRequest(topics: ids.map { .init(topicId: $0, name: nil) }, allowAutoTopicCreation: false))
        )
        var frame = ByteBuffer()
        do {
            try question.encode(into: &frame)
        } catch {
            return decideWithoutLookup(lookup, into: &actions)
        }
        setPaused(.resolvingTopicIds, true, into: &actions)
        send(frame, expecting: ForwardedRequest(request: question, amendment: nil, lookup: lookup), into: &actions)
    }

    /// The lookup's answer came (and taught the gateway what it could): the held request is decided now.
    mutating func topicIdsLookedUp(for lookup: TopicLookup, into actions: inout [SessionAction]) {
        setPaused(.resolvingTopicIds, false, into: &actions)
        decideWithoutLookup(lookup, into: &actions)
    }

    private mutating func decideWithoutLookup(_ lookup: TopicLookup, into actions: inout [SessionAction]) {
        guard case .serving(let session) = state else { return }
        authorizeAndSend(
            lookup.frame, request: lookup.request, session: session, policy: lookup.policy, apis: lookup.apis,
            resolvesUnknownIds: false, into: &actions
        )
    }
}
