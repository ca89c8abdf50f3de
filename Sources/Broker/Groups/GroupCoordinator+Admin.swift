import Foundation
import KafkaProtocol

extension GroupCoordinator {
    func listGroups(_ request: ListGroupsRequest) -> ListGroupsResponse {
        let states = Set(request.statesFilter.map { $0.lowercased() })
        let types = Set(request.typesFilter.map { $0.lowercased() })
        let listed = groups.values
            .filter { states.isEmpty || states.contains($0.state.rawValue.lowercased()) }
            .filter { _ in types.isEmpty || types.contains("classic") }
            .sorted { $0.groupId < $1.groupId }
            .map { ListGroupsResponse.ListedGroup(groupId: $0.groupId, protocolType: $0.protocolType ?? "",
                                                  groupState: $0.state.rawValue, groupType: "classic") }
        return ListGroupsResponse(groups: listed)
    }

    func describeGroups(_ request: DescribeGroupsRequest) -> DescribeGroupsResponse {
        let operations = request.includeAuthorizedOperations ? AuthorizedOperations.group : AuthorizedOperations.notRequested
        return DescribeGroupsResponse(groups: request.groups.map { groupId in
            guard let group = groups[groupId] else {
                return .init(groupId: groupId, groupState: ConsumerGroup.State.dead.rawValue, authorizedOperations: operations)
            }
            // Member metadata and assignments are shown only once the group is Stable, as in Kafka.
            let stable = group.state == .stable
            return .init(
                groupId: groupId, groupState: group.state.rawValue, protocolType: group.protocolType ?? "",
                protocolData: stable ? group.protocolName ?? "" : "",
                members: group.members.values.sorted { $0.memberId < $1.memberId }.map { member in
                    .init(memberId: member.memberId, groupInstanceId: member.groupInstanceId, clientId: member.clientId,
                          clientHost: member.clientHost,
                          memberMetadata: stable ? member.metadata(for: group.protocolName ?? "") : .init(),
                          memberAssignment: stable ? member.assignment : .init())
                },
                authorizedOperations: operations
            )
        })
    }

    func deleteGroups(_ request: DeleteGroupsRequest) -> DeleteGroupsResponse {
        DeleteGroupsResponse(results: request.groupsNames.map { groupId in
            guard let group = groups[groupId] else {
                return .init(groupId: groupId, errorCode: KafkaErrorCode.groupIdNotFound.rawValue)
            }
            guard group.members.isEmpty else {
                return .init(groupId: groupId, errorCode: KafkaErrorCode.nonEmptyGroup.rawValue)
            }
            groups.removeValue(forKey: groupId)
            do {
                try store.delete(groupId: groupId)
            } catch {
                logger.error("could not delete group state", metadata: ["group": "\(groupId)", "error": "\(error)"])
            }
            return .init(groupId: groupId)
        })
    }
}
