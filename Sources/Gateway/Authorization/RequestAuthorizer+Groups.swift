import Authorization
import KafkaProtocol

/// The consumer group APIs: Read on the group to take part in it or commit
/// its offsets (and Read on each topic committed), Describe to find or
/// describe it, Delete to delete it or its offsets.
extension RequestAuthorizer {
    /// JoinGroup, SyncGroup, Heartbeat, LeaveGroup: Read on the group.
    mutating func groupMembership(_ request: KafkaRequestFrame) -> RequestVerdict {
        let group: String
        switch request.body {
        case .joinGroup(let join): group = join.groupId
        case .syncGroup(let sync): group = sync.groupId
        case .heartbeat(let heartbeat): group = heartbeat.groupId
        case .leaveGroup(let leave): group = leave.groupId
        default: return refusing(request.body, .invalidRequest)
        }
        return access.allows(.read, group: group) ? .unchanged : refusing(request.body, .groupAuthorizationFailed)
    }

    /// FindCoordinator: Describe on the group or the transactional id; v4+ asks for many keys.
    mutating func findCoordinator(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .findCoordinator(var find) = request.body else { return refusing(request.body, .invalidRequest) }
        let keyType: AclResourceType
        let error: KafkaErrorCode
        switch find.keyType {
        case 0: (keyType, error) = (.group, .groupAuthorizationFailed)
        case 1: (keyType, error) = (.transactionalId, .transactionalIdAuthorizationFailed)
        default: return refusing(request.body, .invalidRequest)
        }
        if request.apiVersion < 4 {
            return access.allows(.describe, ResourceName(keyType, find.key)) ? .unchanged : refusing(request.body, error)
        }
        let (allowed, denied) = find.coordinatorKeys.split { access.allows(.describe, ResourceName(keyType, $0)) }
        find.coordinatorKeys = allowed
        return partial(forwarding: .findCoordinator(find), anythingAllowed: !allowed.isEmpty, denied: denied.isEmpty ? [] : [
            (.findCoordinator(FindCoordinatorRequest(keyType: find.keyType, coordinatorKeys: denied)), error),
        ])
    }

    /// OffsetCommit: Read on the group, then Read on each topic.
    mutating func offsetCommit(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .offsetCommit(var commit) = request.body else { return refusing(request.body, .invalidRequest) }
        guard access.allows(.read, group: commit.groupId) else { return refusing(request.body, .groupAuthorizationFailed) }
        let (allowed, denied) = commit.topics.split { access.allows(.read, topic: $0.name) }
        commit.topics = allowed
        return partial(forwarding: .offsetCommit(commit), anythingAllowed: !allowed.isEmpty, denied: denied.isEmpty ? [] : [
            (.offsetCommit(OffsetCommitRequest(topics: denied)), .topicAuthorizationFailed),
        ])
    }

    /// OffsetDelete: Delete on the group, then Read on each topic.
    mutating func offsetDelete(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .offsetDelete(var delete) = request.body else { return refusing(request.body, .invalidRequest) }
        guard access.allows(.delete, group: delete.groupId) else { return refusing(request.body, .groupAuthorizationFailed) }
        let (allowed, denied) = delete.topics.split { access.allows(.read, topic: $0.name) }
        delete.topics = allowed
        return partial(forwarding: .offsetDelete(delete), anythingAllowed: !allowed.isEmpty, denied: denied.isEmpty ? [] : [
            (.offsetDelete(OffsetDeleteRequest(topics: denied)), .topicAuthorizationFailed),
        ])
    }

    /// DeleteGroups: Delete on each group.
    mutating func deleteGroups(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .deleteGroups(var delete) = request.body else { return refusing(request.body, .invalidRequest) }
        let (allowed, denied) = delete.groupsNames.split { access.allows(.delete, group: $0) }
        delete.groupsNames = allowed
        return partial(forwarding: .deleteGroups(delete), anythingAllowed: !allowed.isEmpty, denied: denied.isEmpty ? [] : [
            (.deleteGroups(DeleteGroupsRequest(groupsNames: denied)), .groupAuthorizationFailed),
        ])
    }

    /// DescribeGroups: Describe on each group; its authorized operations are the principal's.
    mutating func describeGroups(_ request: KafkaRequestFrame) -> RequestVerdict {
        guard case .describeGroups(var describe) = request.body else { return refusing(request.body, .invalidRequest) }
        let (allowed, denied) = describe.groups.split { access.allows(.describe, group: $0) }
        let includeOperations = request.apiVersion >= 3 && describe.includeAuthorizedOperations
        describe.groups = allowed
        let operations = amendment { body, access in
            guard case .describeGroups(var response) = body else { return }
            for index in response.groups.indices where response.groups[index].errorCode != KafkaErrorCode.groupAuthorizationFailed.rawValue {
                response.groups[index].authorizedOperations =
                    includeOperations ? access.authorizedOperations(ResourceName(.group, response.groups[index].groupId)) : Int32.min
            }
            body = .describeGroups(response)
        }
        let verdict = partial(forwarding: .describeGroups(describe), anythingAllowed: !allowed.isEmpty, denied: denied.isEmpty ? [] : [
            (.describeGroups(DescribeGroupsRequest(groups: denied)), .groupAuthorizationFailed),
        ])
        return verdict.amended(by: operations)
    }

    /// ListGroups: every group with Describe on the cluster, else those the principal may Describe.
    mutating func listGroups(_ request: KafkaRequestFrame) -> RequestVerdict {
        if access.allowsOnCluster(.describe, logIfDenied: false) { return .unchanged }
        return .forward(body: nil, amendment: amendment { body, access in
            guard case .listGroups(var response) = body else { return }
            response.groups = response.groups.filter { access.allows(.describe, ResourceName(.group, $0.groupId), logIfDenied: false) }
            body = .listGroups(response)
        })
    }
}
