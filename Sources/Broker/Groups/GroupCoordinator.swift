import KafkaProtocol
import Logging
import NIOCore

/// The coordinator of every classic consumer group on this node: the
/// JoinGroup / SyncGroup / Heartbeat / LeaveGroup protocol, member expiry,
/// and (in extensions) offsets and group administration.
actor GroupCoordinator {
    var groups: [String: ConsumerGroup] = [:]
    let settings: BrokerConfiguration.GroupSettings
    let store: GroupStore
    let logger: Logger
    private var expiryTask: Task<Void, Never>?

    init(settings: BrokerConfiguration.GroupSettings, store: GroupStore, logger: Logger) {
        self.settings = settings
        self.store = store
        self.logger = logger
        let now = ContinuousClock.now
        for snapshot in store.loadGroups() {
            groups[snapshot.groupId] = snapshot.restore(at: now)
        }
    }

    /// Starts expiring members that stop heartbeating.
    func start() {
        expiryTask = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                await self?.expireMembers()
            }
        }
    }

    func stop() {
        expiryTask?.cancel()
    }

    // MARK: JoinGroup

    func join(_ request: JoinGroupRequest, version: Int16, clientId: String, clientHost: String) async -> JoinGroupResponse {
        func refuse(_ code: KafkaErrorCode, memberId: String = request.memberId) -> JoinGroupResponse {
            JoinGroupResponse(errorCode: code.rawValue, generationId: -1, leader: "", memberId: memberId)
        }
        guard !request.groupId.isEmpty else { return refuse(.invalidGroupId) }
        guard (settings.minSessionTimeoutMs...settings.maxSessionTimeoutMs).contains(request.sessionTimeoutMs) else {
            return refuse(.invalidSessionTimeout)
        }
        var group = groups[request.groupId] ?? ConsumerGroup(groupId: request.groupId)
        guard group.accepts(protocolType: request.protocolType, protocols: request.protocols.map(\.name)) else {
            return refuse(.inconsistentGroupProtocol)
        }

        var memberId = request.memberId
        if memberId.isEmpty {
            memberId = "\(clientId)-\(KafkaUUID.random())"
            // KIP-394: from v4 a new member first learns its id, then joins with it.
            if version >= 4 {
                group.pendingMemberIds.insert(memberId)
                groups[request.groupId] = group
                return refuse(.memberIdRequired, memberId: memberId)
            }
        } else if group.members[memberId] == nil && !group.pendingMemberIds.contains(memberId) {
            return refuse(.unknownMemberId)
        }
        group.pendingMemberIds.remove(memberId)

        let member = GroupMember(
            memberId: memberId, groupInstanceId: request.groupInstanceId, clientId: clientId, clientHost: clientHost,
            sessionTimeoutMs: request.sessionTimeoutMs,
            rebalanceTimeoutMs: version == 0 ? request.sessionTimeoutMs : request.rebalanceTimeoutMs,
            protocols: request.protocols.map { ($0.name, $0.metadata) },
            assignment: group.members[memberId]?.assignment ?? ByteBuffer(),
            lastSeen: .now
        )
        group.members[memberId] = member
        group.protocolType = request.protocolType
        // A member joining always starts a rebalance; a stale waiting join of the same member is answered first.
        group.awaitingJoin.removeValue(forKey: memberId)?.resume(returning: refuse(.rebalanceInProgress, memberId: memberId))
        groups[request.groupId] = group
        return await withCheckedContinuation { continuation in
            groups[request.groupId]?.awaitingJoin[memberId] = continuation
            prepareRebalance(request.groupId)
        }
    }

    /// Moves a group into PreparingRebalance (if not already) and completes
    /// the join as soon as every member has rejoined, or when the rebalance
    /// times out.
    func prepareRebalance(_ groupId: String) {
        guard var group = groups[groupId] else { return }
        if group.state != .preparingRebalance {
            let wasEmpty = group.state == .empty
            // Members waiting for an assignment of the old generation must rejoin.
            for (_, waiting) in group.awaitingSync {
                waiting.resume(returning: SyncGroupResponse(errorCode: KafkaErrorCode.rebalanceInProgress.rawValue))
            }
            group.awaitingSync = [:]
            group.state = .preparingRebalance
            group.rebalanceToken += 1
            let token = group.rebalanceToken
            let timeout = Int64(group.rebalanceTimeoutMs)
            let delay = wasEmpty ? max(settings.initialRebalanceDelayMs, 0) : 0
            groups[groupId] = group
            Task { [weak self] in
                if delay > 0 {
                    try? await Task.sleep(for: .milliseconds(delay))
                    await self?.completeJoinIfReady(groupId, token: token)
                }
                try? await Task.sleep(for: .milliseconds(max(timeout - delay, 0)))
                await self?.rebalanceTimedOut(groupId, token: token)
            }
            if delay > 0 { return }
        }
        completeJoinIfReady(groupId, token: group.rebalanceToken)
    }

    private func completeJoinIfReady(_ groupId: String, token: Int) {
        guard let group = groups[groupId], group.state == .preparingRebalance, group.rebalanceToken == token,
              group.allMembersJoined else { return }
        completeJoin(groupId)
    }

    /// Members that did not rejoin in time are dropped, and the rest go on.
    private func rebalanceTimedOut(_ groupId: String, token: Int) {
        guard var group = groups[groupId], group.state == .preparingRebalance, group.rebalanceToken == token else { return }
        for memberId in group.members.keys where group.awaitingJoin[memberId] == nil {
            group.members.removeValue(forKey: memberId)
        }
        groups[groupId] = group
        completeJoin(groupId)
    }

    private func completeJoin(_ groupId: String) {
        guard var group = groups[groupId] else { return }
        group.generationId += 1
        guard !group.members.isEmpty, let chosen = group.selectProtocol() else {
            group.state = .empty
            group.protocolName = nil
            group.leaderId = nil
            groups[groupId] = group
            persist(groupId)
            return
        }
        group.protocolName = chosen
        if group.leaderId.map({ group.members[$0] == nil }) ?? true {
            group.leaderId = group.members.keys.sorted().first
        }
        group.state = .completingRebalance
        let leader = group.leaderId ?? ""
        let everyone = group.members.values.sorted { $0.memberId < $1.memberId }.map {
            JoinGroupResponse.JoinGroupResponseMember(memberId: $0.memberId, groupInstanceId: $0.groupInstanceId, metadata: $0.metadata(for: chosen))
        }
        for (memberId, waiting) in group.awaitingJoin {
            waiting.resume(returning: JoinGroupResponse(
                generationId: group.generationId, protocolType: group.protocolType, protocolName: chosen,
                leader: leader, memberId: memberId, members: memberId == leader ? everyone : []
            ))
            group.members[memberId]?.lastSeen = .now
        }
        group.awaitingJoin = [:]
        groups[groupId] = group
        persist(groupId)
    }

    // MARK: SyncGroup

    func sync(_ request: SyncGroupRequest) async -> SyncGroupResponse {
        func refuse(_ code: KafkaErrorCode) -> SyncGroupResponse { SyncGroupResponse(errorCode: code.rawValue) }
        guard var group = groups[request.groupId], group.members[request.memberId] != nil else { return refuse(.unknownMemberId) }
        guard request.generationId == group.generationId else { return refuse(.illegalGeneration) }
        group.members[request.memberId]?.lastSeen = .now
        switch group.state {
        case .empty, .dead:
            return refuse(.unknownMemberId)
        case .preparingRebalance:
            return refuse(.rebalanceInProgress)
        case .stable:
            return SyncGroupResponse(protocolType: group.protocolType, protocolName: group.protocolName,
                                     assignment: group.members[request.memberId]?.assignment ?? ByteBuffer())
        case .completingRebalance:
            if request.memberId == group.leaderId {
                for memberId in group.members.keys { group.members[memberId]?.assignment = ByteBuffer() }
                for assignment in request.assignments where group.members[assignment.memberId] != nil {
                    group.members[assignment.memberId]?.assignment = assignment.assignment
                }
                group.state = .stable
                for (memberId, waiting) in group.awaitingSync {
                    waiting.resume(returning: SyncGroupResponse(protocolType: group.protocolType, protocolName: group.protocolName,
                                                                assignment: group.members[memberId]?.assignment ?? ByteBuffer()))
                }
                group.awaitingSync = [:]
                groups[request.groupId] = group
                persist(request.groupId)
                return SyncGroupResponse(protocolType: group.protocolType, protocolName: group.protocolName,
                                         assignment: group.members[request.memberId]?.assignment ?? ByteBuffer())
            }
            groups[request.groupId] = group
            return await withCheckedContinuation { continuation in
                groups[request.groupId]?.awaitingSync[request.memberId] = continuation
            }
        }
    }

    // MARK: Heartbeat and LeaveGroup

    func heartbeat(_ request: HeartbeatRequest) -> HeartbeatResponse {
        func answer(_ code: KafkaErrorCode) -> HeartbeatResponse { HeartbeatResponse(errorCode: code.rawValue) }
        guard let group = groups[request.groupId], group.members[request.memberId] != nil else { return answer(.unknownMemberId) }
        guard request.generationId == group.generationId else { return answer(.illegalGeneration) }
        groups[request.groupId]?.members[request.memberId]?.lastSeen = .now
        return answer(group.state == .preparingRebalance ? .rebalanceInProgress : .none)
    }

    func leave(_ request: LeaveGroupRequest, version: Int16) -> LeaveGroupResponse {
        // v0-2 name one member; v3+ a list.
        let leaving = version < 3 ? [LeaveGroupRequest.MemberIdentity(memberId: request.memberId)] : request.members
        guard groups[request.groupId] != nil else {
            return LeaveGroupResponse(errorCode: KafkaErrorCode.unknownMemberId.rawValue)
        }
        var results: [LeaveGroupResponse.MemberResponse] = []
        var anyLeft = false
        for member in leaving {
            let known = groups[request.groupId]?.members.removeValue(forKey: member.memberId) != nil
            groups[request.groupId]?.awaitingJoin.removeValue(forKey: member.memberId)?
                .resume(returning: JoinGroupResponse(errorCode: KafkaErrorCode.unknownMemberId.rawValue, generationId: -1, leader: "", memberId: member.memberId))
            anyLeft = anyLeft || known
            results.append(.init(memberId: member.memberId, groupInstanceId: member.groupInstanceId,
                                 errorCode: (known ? KafkaErrorCode.none : .unknownMemberId).rawValue))
        }
        if anyLeft { membersChanged(request.groupId) }
        if version < 3, results.first?.errorCode != 0 {
            return LeaveGroupResponse(errorCode: KafkaErrorCode.unknownMemberId.rawValue)
        }
        return LeaveGroupResponse(members: version < 3 ? [] : results)
    }

    /// After members left or expired: rebalance the rest, or empty the group.
    private func membersChanged(_ groupId: String) {
        guard let group = groups[groupId] else { return }
        if group.members.isEmpty {
            groups[groupId]?.state = .empty
            groups[groupId]?.leaderId = nil
            groups[groupId]?.generationId += 1
            persist(groupId)
        } else if group.state != .empty {
            prepareRebalance(groupId)
        }
    }

    /// Drops members whose session timed out without a heartbeat. Members
    /// waiting in a rebalance are bounded by the rebalance timeout instead.
    private func expireMembers() {
        let now = ContinuousClock.now
        for (groupId, group) in groups {
            let expired = group.members.values.filter {
                group.awaitingJoin[$0.memberId] == nil && now - $0.lastSeen > .milliseconds(Int64($0.sessionTimeoutMs))
            }
            guard !expired.isEmpty else { continue }
            for member in expired {
                groups[groupId]?.members.removeValue(forKey: member.memberId)
                groups[groupId]?.awaitingSync.removeValue(forKey: member.memberId)?
                    .resume(returning: SyncGroupResponse(errorCode: KafkaErrorCode.unknownMemberId.rawValue))
                logger.info("group member expired", metadata: ["group": "\(groupId)", "member": "\(member.memberId)"])
            }
            membersChanged(groupId)
        }
    }

    func persist(_ groupId: String) {
        guard let group = groups[groupId] else { return }
        do {
            try store.save(GroupSnapshot(group))
        } catch {
            logger.error("could not save group state", metadata: ["group": "\(groupId)", "error": "\(error)"])
        }
    }
}
