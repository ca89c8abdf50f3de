import Synchronization

/// A policy set's statements compiled for evaluation, built once with the
/// set (the gateway builds a set per policy snapshot): flat, in policy and
/// statement order, each a final class (iterating retains nothing but the
/// array), and indexed by action so that an evaluation looks only at the
/// statements whose Action/NotAction covers it, Denies and Allows apart.
///
/// Resource matching is a pure function of the statement and the ARN, so
/// each (actions, ARN) pair's candidates — the covering statements whose
/// Resource/NotResource matches the ARN, Denies and Allows apart, in order —
/// are memoized (bounded; the index lives exactly as long as its policy
/// set, so a new policy snapshot starts with an empty memo). Conditions,
/// which read the request's context, are evaluated on every request.
///
/// Decisions are those of the plain scan (`IamPolicySet.evaluate`'s
/// contract): the first applicable Deny in policy and statement order wins;
/// otherwise the first applicable Allow in that order allows. Restricting
/// each list to the statements covering the action, and keeping each list
/// in order, leaves both "first"s where they were.
final class IamPolicyIndex: Sendable {
    final class Statement: Sendable {
        let actionMask: UInt32
        let resources: IamResourceMatcher
        let notResource: Bool
        let conditions: [IamCondition]
        let policy: String
        let label: String
        /// Position among all the set's statements (policy order, then statement order).
        let ordinal: Int

        init(_ statement: IamStatement, policy: String, ordinal: Int) {
            self.ordinal = ordinal
            actionMask = statement.actionMask
            switch statement.resourceElement {
            case .resource(let arns):
                resources = IamResourceMatcher(arns)
                notResource = false
            case .notResource(let arns):
                resources = IamResourceMatcher(arns)
                notResource = true
            }
            conditions = statement.conditions
            self.policy = policy
            label = statement.label
        }

        @inline(__always)
        func covers(_ arn: UnsafeBufferPointer<UInt8>) -> Bool {
            resources.matchesAny(arn) != notResource
        }

        @inline(__always)
        func holds(in context: IamRequestContext) -> Bool {
            conditions.withUnsafeBufferPointer { conditions in
                for index in conditions.indices where !conditions[index].holds(in: context) { return false }
                return true
            }
        }
    }

    /// Per action position (`IamAction.position`): the Deny statements
    /// covering it, in order.
    let denies: [[Statement]]
    /// The same for Allow statements.
    let allows: [[Statement]]

    /// The statements that cover the actions and match the ARN, in order.
    final class Candidates: Sendable {
        let denies: [Statement]
        let allows: [Statement]

        init(denies: [Statement], allows: [Statement]) {
            self.denies = denies
            self.allows = allows
        }
    }

    private struct MemoKey: Hashable, Sendable {
        /// `first.position * 32 + (second?.position ?? 31)`.
        var actions: Int
        var arn: String
    }

    /// Most sets see a few hundred resources; past the bound the memo starts over.
    static let memoLimit = 4096
    private let memo = Mutex<[MemoKey: Candidates]>([:])

    init(_ policies: [IamPolicySet.NamedPolicy]) {
        var denies = [[Statement]](repeating: [], count: IamAction.allCases.count)
        var allows = denies
        var ordinal = 0
        for policy in policies {
            for statement in policy.document.statements where statement.actionMask != 0 {
                let compiled = Statement(statement, policy: policy.name, ordinal: ordinal)
                ordinal += 1
                for action in IamAction.allCases where statement.actionMask & action.bit != 0 {
                    switch statement.effect {
                    case .deny: denies[action.position].append(compiled)
                    case .allow: allows[action.position].append(compiled)
                    }
                }
            }
        }
        self.denies = denies
        self.allows = allows
    }

    /// The candidates for `first` (and `second`) on the ARN: memoized.
    func candidates(_ first: IamAction, _ second: IamAction?, _ arn: String) -> Candidates {
        let key = MemoKey(actions: first.position * 32 + (second?.position ?? 31), arn: arn)
        if let found = memo.withLock({ $0[key] }) { return found }
        let candidates = withBytes(of: arn) { bytes in
            var denies: [Statement] = [], allows: [Statement] = []
            let secondPosition = second?.position
            Self.merged(self.denies[first.position], secondPosition.map { self.denies[$0] } ?? []) { statement in
                if statement.covers(bytes) { denies.append(statement) }
                return false
            }
            Self.merged(self.allows[first.position], secondPosition.map { self.allows[$0] } ?? []) { statement in
                if statement.covers(bytes) { allows.append(statement) }
                return false
            }
            return Candidates(denies: denies, allows: allows)
        }
        memo.withLock { memo in
            if memo.count >= Self.memoLimit { memo.removeAll(keepingCapacity: true) }
            memo[key] = candidates
        }
        return candidates
    }

    /// `IamPolicySet.evaluate`.
    func evaluate(_ action: IamAction, _ arn: String, _ context: IamRequestContext) -> IamDecision {
        let candidates = candidates(action, nil, arn)
        if let deny = Self.first(candidates.denies, context) {
            return .explicitDeny(policy: deny.policy, statement: deny.label)
        }
        if let allow = Self.first(candidates.allows, context) {
            return .allow(policy: allow.policy, statement: allow.label)
        }
        return .implicitDeny
    }

    /// Two actions on the same ARN in one pass over the statements that
    /// cover either (a request's action and its same-resource companion):
    /// each decision is what `evaluate` would give for its action alone.
    func evaluate(_ first: IamAction, _ second: IamAction, _ arn: String, _ context: IamRequestContext) -> (IamDecision, IamDecision) {
        let candidates = candidates(first, second, arn)
        let firstBit = first.bit, secondBit = second.bit
        var firstDeny: Statement?, secondDeny: Statement?
        Self.each(candidates.denies) { statement in
            let wanted = (firstDeny == nil ? statement.actionMask & firstBit : 0) | (secondDeny == nil ? statement.actionMask & secondBit : 0)
            guard wanted != 0, statement.holds(in: context) else { return false }
            if wanted & firstBit != 0 { firstDeny = statement }
            if wanted & secondBit != 0 { secondDeny = statement }
            return firstDeny != nil && secondDeny != nil
        }
        var firstAllow: Statement?, secondAllow: Statement?
        let firstDone = firstDeny != nil, secondDone = secondDeny != nil
        if !firstDone || !secondDone {
            Self.each(candidates.allows) { statement in
                let wanted = (firstDone || firstAllow != nil ? 0 : statement.actionMask & firstBit)
                    | (secondDone || secondAllow != nil ? 0 : statement.actionMask & secondBit)
                guard wanted != 0, statement.holds(in: context) else { return false }
                if wanted & firstBit != 0 { firstAllow = statement }
                if wanted & secondBit != 0 { secondAllow = statement }
                return (firstDone || firstAllow != nil) && (secondDone || secondAllow != nil)
            }
        }
        func decision(_ deny: Statement?, _ allow: Statement?) -> IamDecision {
            if let deny { return .explicitDeny(policy: deny.policy, statement: deny.label) }
            if let allow { return .allow(policy: allow.policy, statement: allow.label) }
            return .implicitDeny
        }
        return (decision(firstDeny, firstAllow), decision(secondDeny, secondAllow))
    }

    @inline(__always)
    private static func each(_ statements: [Statement], _ visit: (Statement) -> Bool) {
        statements.withUnsafeBufferPointer { statements in
            for index in statements.indices where visit(statements[index]) { return }
        }
    }

    @inline(__always)
    private static func first(_ statements: [Statement], _ context: IamRequestContext) -> Statement? {
        statements.withUnsafeBufferPointer { statements in
            for index in statements.indices {
                let statement = statements[index]
                if statement.holds(in: context) { return statement }
            }
            return nil
        }
    }

    /// Visits the union of two lists that are both in statement order (a
    /// statement in both is visited once), until `visit` returns true.
    /// Statements are compared by identity; their order is the lists'
    /// shared order, found by walking both.
    @inline(__always)
    private static func merged(_ a: [Statement], _ b: [Statement], _ visit: (Statement) -> Bool) {
        if b.isEmpty || a.isEmpty {
            for statement in a.isEmpty ? b : a where visit(statement) { return }
            return
        }
        // Both lists are subsequences of the set's statement order; merge by
        // each statement's ordinal.
        var i = 0, j = 0
        while i < a.count || j < b.count {
            let next: Statement
            if j == b.count || (i < a.count && a[i].ordinal <= b[j].ordinal) {
                next = a[i]
                if j < b.count, b[j] === next { j += 1 }
                i += 1
            } else {
                next = b[j]
                j += 1
            }
            if visit(next) { return }
        }
    }
}
