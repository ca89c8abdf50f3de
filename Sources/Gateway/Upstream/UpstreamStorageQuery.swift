import KafkaProtocol

/// Asks the upstream cluster, through the Kafka protocol alone, what each
/// topic stores: Metadata (every topic, its partitions and their leaders)
/// from the first bootstrap broker that answers, then DescribeLogDirs from
/// every broker that leads a partition, for the partitions it leads. Works
/// against any Kafka cluster whose brokers serve DescribeLogDirs (Kafka 1.0
/// and later, and the embedded broker); each conversation is bounded by
/// `UpstreamConversation`'s timeout and response size.
///
/// DescribeLogDirs needs DESCRIBE on the CLUSTER resource for the gateway's
/// upstream principal; without it the query fails with
/// `UpstreamStorageFailure.clusterAuthorizationFailed`.
struct UpstreamStorageQuery: Sendable {
    let bootstrap: [UpstreamEndpoint]
    let connector: UpstreamConnector

    /// Partition sizes as one broker reported them.
    typealias Sizes = [UpstreamStorageTally.Partition: Int64]

    /// The topics sampled, and what kept the others out of this round.
    struct Answer: Sendable {
        var topics: [UpstreamTopicStorage]
        /// Brokers that did not answer DescribeLogDirs: their topics are left out.
        var failures: [UpstreamStorageFailure]
        /// Topics left out because a leader's answer lacked one of their partitions.
        var incomplete: [String]
    }

    func ask() async throws(UpstreamStorageFailure) -> Answer {
        let metadata = try await metadata()
        let led = UpstreamStorageTally.partitionsLed(metadata)
        let endpoints = Dictionary(metadata.brokers.map { ($0.nodeId, UpstreamEndpoint(host: $0.host, port: Int($0.port))) }) { first, _ in first }
        let answers = await withTaskGroup(of: (Int32, Result<Sizes, UpstreamStorageFailure>).self) { group in
            for (node, partitions) in led {
                group.addTask {
                    guard let endpoint = endpoints[node] else { return (node, .failure(.unknownBroker(node: node))) }
                    do throws(UpstreamStorageFailure) {
                        return (node, .success(try await logDirs(of: node, at: endpoint, partitions: partitions)))
                    } catch {
                        return (node, .failure(error))
                    }
                }
            }
            var answers: [Int32: Result<Sizes, UpstreamStorageFailure>] = [:]
            for await (node, answer) in group { answers[node] = answer }
            return answers
        }
        var sizes: [Int32: Sizes] = [:]
        var failures: [UpstreamStorageFailure] = []
        for (node, answer) in answers.sorted(by: { $0.key < $1.key }) {
            switch answer {
            case .success(let answered): sizes[node] = answered
            case .failure(let failure): failures.append(failure)
            }
        }
        let storage = UpstreamStorageTally.storage(metadata, sizes: sizes)
        // A topic whose leader failed is already accounted for by that failure.
        let failedNodes = Set(failures.compactMap(\.node))
        let incomplete = storage.incomplete.filter { name in
            !metadata.topics.contains { $0.name == name && $0.partitions.contains { failedNodes.contains($0.leaderId) } }
        }
        return Answer(topics: storage.topics, failures: failures, incomplete: incomplete)
    }

    /// Every topic with its partitions and leaders, from the first bootstrap broker that answers.
    private func metadata() async throws(UpstreamStorageFailure) -> MetadataResponse {
        var errors: [String] = []
        for endpoint in bootstrap {
            do {
                return try await UpstreamConversation.with(endpoint, connector: connector) { upstream in
                    guard let version = try await upstream.apiVersions().highestVersion(of: .metadata) else {
                        throw UpstreamProbeError.refused(.metadata)
                    }
                    // Null asks for every topic; before v1 an empty list did.
                    let request = MetadataRequest(topics: version == 0 ? [] : nil, allowAutoTopicCreation: false)
                    guard case .metadata(let metadata) = try await upstream.ask(.metadata(request), version: version) else {
                        throw UpstreamProbeError.refused(.metadata)
                    }
                    return metadata
                }
            } catch {
                errors.append("\(endpoint): \(error)")
            }
        }
        throw .noMetadata(errors.joined(separator: "; "))
    }

    /// The sizes of the partitions `node` was asked about, as it reports them.
    private func logDirs(
        of node: Int32, at endpoint: UpstreamEndpoint, partitions: [String: [Int32]]
    ) async throws(UpstreamStorageFailure) -> Sizes {
        let outcome: Result<Sizes, UpstreamStorageFailure>
        do {
            outcome = try await UpstreamConversation.with(endpoint, connector: connector) {
                (upstream: inout UpstreamConversation) -> Result<Sizes, UpstreamStorageFailure> in
                guard let version = try await upstream.apiVersions().highestVersion(of: .describeLogDirs) else {
                    return .failure(.unsupported(node: node, endpoint: endpoint))
                }
                let request = DescribeLogDirsRequest(topics: partitions.keys.sorted().map { topic in
                    DescribeLogDirsRequest.DescribableLogDirTopic(topic: topic, partitions: partitions[topic]!.sorted())
                })
                guard case .describeLogDirs(let response) = try await upstream.ask(.describeLogDirs(request), version: version) else {
                    throw UpstreamProbeError.refused(.describeLogDirs)
                }
                if response.errorCode == KafkaErrorCode.clusterAuthorizationFailed.rawValue {
                    return .failure(.clusterAuthorizationFailed(node: node, endpoint: endpoint))
                }
                guard response.errorCode == KafkaErrorCode.none.rawValue else {
                    return .failure(.refused(node: node, endpoint: endpoint, errorCode: response.errorCode))
                }
                // Before v3 a broker refuses a principal without DESCRIBE on the cluster by
                // answering no log directory at all; every broker has at least one.
                if response.results.isEmpty {
                    return .failure(version < 3 ? .clusterAuthorizationFailed(node: node, endpoint: endpoint) : .noLogDirs(node: node, endpoint: endpoint))
                }
                return .success(UpstreamStorageTally.sizes(in: response))
            }
        } catch {
            throw .unreachable(node: node, endpoint: endpoint, error: "\(error)")
        }
        return try outcome.get()
    }
}

/// Why a storage round, or one broker's part of it, failed.
enum UpstreamStorageFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// No bootstrap broker answered Metadata.
    case noMetadata(String)
    /// The leader of some partitions is not among the brokers Metadata listed.
    case unknownBroker(node: Int32)
    /// The connection failed, timed out, or the answer could not be read.
    case unreachable(node: Int32, endpoint: UpstreamEndpoint, error: String)
    /// The broker does not serve DescribeLogDirs.
    case unsupported(node: Int32, endpoint: UpstreamEndpoint)
    /// The gateway's upstream principal lacks DESCRIBE on the CLUSTER resource.
    case clusterAuthorizationFailed(node: Int32, endpoint: UpstreamEndpoint)
    case refused(node: Int32, endpoint: UpstreamEndpoint, errorCode: Int16)
    case noLogDirs(node: Int32, endpoint: UpstreamEndpoint)

    var node: Int32? {
        switch self {
        case .noMetadata: nil
        case .unknownBroker(let node), .unreachable(let node, _, _), .unsupported(let node, _),
             .clusterAuthorizationFailed(let node, _), .refused(let node, _, _), .noLogDirs(let node, _):
            node
        }
    }

    var description: String {
        switch self {
        case .noMetadata(let errors): "no bootstrap broker answered Metadata (\(errors))"
        case .unknownBroker(let node): "broker \(node) leads partitions but is not in the Metadata answer"
        case .unreachable(let node, let endpoint, let error): "broker \(node) at \(endpoint) did not answer DescribeLogDirs: \(error)"
        case .unsupported(let node, let endpoint): "broker \(node) at \(endpoint) does not serve DescribeLogDirs"
        case .clusterAuthorizationFailed(let node, let endpoint):
            "broker \(node) at \(endpoint) refused DescribeLogDirs: CLUSTER_AUTHORIZATION_FAILED"
        case .refused(let node, let endpoint, let code): "broker \(node) at \(endpoint) answered DescribeLogDirs with error \(KafkaErrorCode(rawValue: code))"
        case .noLogDirs(let node, let endpoint): "broker \(node) at \(endpoint) answered DescribeLogDirs with no log directory"
        }
    }
}
