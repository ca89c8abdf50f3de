import Authorization
import KafkaProtocol

/// OffsetFetch: Read on the group, Describe on each topic. A request for
/// all of a group's topics shows only those the principal may Describe.
/// v8+ asks for many groups at once, each answered on its own.
extension RequestAuthorizer {
    mutating func offsetFetch(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .offsetFetch(var fetch) = request.body else { return refusing(request.body, .invalidRequest) }
        if request.apiVersion >= 8 { return offsetFetchGroups(fetch) }
        guard access.allows(.read, group: fetch.groupId) else { return refusing(request.body, .groupAuthorizationFailed) }
        guard let topics = fetch.topics else {
            return .forward(body: nil, amendment: amendment { body, access in
                guard case .offsetFetch(var response) = body else { return }
                response.topics = response.topics.filter { access.allows(.describe, ResourceName(.topic, $0.name), logIfDenied: false) }
                body = .offsetFetch(response)
            })
        }
        let (allowed, denied) = topics.split { access.allows(.describe, topic: $0.name) }
        fetch.topics = allowed
        return partial(forwarding: .offsetFetch(fetch), anythingAllowed: !allowed.isEmpty, denied: denied.isEmpty ? [] : [
            (.offsetFetch(OffsetFetchRequest(topics: denied)), .topicAuthorizationFailed),
        ])
    }

    private mutating func offsetFetchGroups(_ fetch: OffsetFetchRequest) -> RequestVerdict {
        typealias Group = OffsetFetchResponse.OffsetFetchResponseGroup
        var forwarded = fetch
        forwarded.groups = []
        var deniedGroups: [Group] = []
        var deniedTopics: [String: [OffsetFetchResponse.OffsetFetchResponseTopics]] = [:]
        var listingAll: Set<String> = []
        for var group in fetch.groups {
            guard access.allows(.read, group: group.groupId) else {
                deniedGroups.append(.init(groupId: group.groupId, errorCode: KafkaErrorCode.groupAuthorizationFailed.rawValue))
                continue
            }
            if let topics = group.topics {
                let (allowed, denied) = topics.split { access.allows(.describe, topic: $0.name) }
                group.topics = allowed
                deniedTopics[group.groupId] = denied.map { topic in
                    .init(name: topic.name, partitions: topic.partitionIndexes.map {
                        .init(partitionIndex: $0, committedOffset: -1, committedLeaderEpoch: -1, metadata: "",
                              errorCode: KafkaErrorCode.topicAuthorizationFailed.rawValue)
                    })
                }
            } else {
                listingAll.insert(group.groupId)
            }
            forwarded.groups.append(group)
        }
        let merge = amendment { body, access in
            guard case .offsetFetch(var response) = body else { return }
            for index in response.groups.indices {
                let id = response.groups[index].groupId
                if listingAll.contains(id) {
                    response.groups[index].topics = response.groups[index].topics.filter {
                        access.allows(.describe, ResourceName(.topic, $0.name), logIfDenied: false)
                    }
                }
                response.groups[index].topics += deniedTopics[id] ?? []
            }
            response.groups += deniedGroups
            body = .offsetFetch(response)
        }
        guard !forwarded.groups.isEmpty else { return .answer(.offsetFetch(OffsetFetchResponse(groups: deniedGroups))) }
        let unchanged = deniedGroups.isEmpty && deniedTopics.values.allSatisfy(\.isEmpty) && listingAll.isEmpty
        return unchanged ? .unchanged : .forward(body: .offsetFetch(forwarded), amendment: merge)
    }
}
