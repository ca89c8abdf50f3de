/// Allow or Deny.
public enum IamEffect: String, Sendable, Hashable {
    case allow = "Allow"
    case deny = "Deny"
}

/// One statement of a policy document, with its patterns compiled.
public struct IamStatement: Sendable, Hashable {
    /// `Action` (the listed actions) or `NotAction` (every action but them).
    public enum ActionElement: Sendable, Hashable {
        case action([String])
        case notAction([String])
    }

    /// `Resource` or `NotResource`.
    public enum ResourceElement: Sendable, Hashable {
        case resource([String])
        case notResource([String])
    }

    public let sid: String?
    /// Position in the document's Statement list, from 0.
    public let index: Int
    public let effect: IamEffect
    public let actionElement: ActionElement
    public let resourceElement: ResourceElement
    /// ANDed; empty when the statement has no Condition.
    public let conditions: [IamCondition]

    /// The actions the statement covers, one bit per `IamAction` (its
    /// position in `allCases`): the Action patterns, matched
    /// case-insensitively as IAM matches actions, against the 19 actions
    /// once at parse time, and inverted for NotAction.
    let actionMask: UInt32
    /// Resource patterns, case-sensitive (ARNs are).
    let resourcePatterns: [IamWildcardPattern]

    /// - Parameter listedActions: the actions the Action or NotAction
    ///   patterns name (`IamAction.mask(matching:)` of each, ORed).
    init(
        sid: String?, index: Int, effect: IamEffect, actionElement: ActionElement, listedActions: UInt32, resourceElement: ResourceElement,
        conditions: [IamCondition]
    ) {
        self.sid = sid
        self.index = index
        self.effect = effect
        self.actionElement = actionElement
        self.resourceElement = resourceElement
        self.conditions = conditions
        if case .notAction = actionElement {
            actionMask = ~listedActions & IamAction.allMask
        } else {
            actionMask = listedActions
        }
        switch resourceElement {
        case .resource(let arns), .notResource(let arns): resourcePatterns = arns.map { IamWildcardPattern($0) }
        }
    }

    /// How decisions name the statement: its Sid, or `#<index>` without one.
    public var label: String { sid ?? "#\(index)" }

    /// Whether the statement applies to the request: its Action (or
    /// NotAction) covers the action, its Resource (or NotResource) the ARN,
    /// and every condition holds.
    public func applies(action: IamAction, resourceArn: String, context: IamRequestContext) -> Bool {
        coversAction(action) && coversResource(resourceArn) && conditions.allSatisfy { $0.holds(in: context) }
    }

    func coversAction(_ action: IamAction) -> Bool {
        actionMask & action.bit != 0
    }

    func coversResource(_ arn: String) -> Bool {
        let listed = resourcePatterns.contains { $0.matches(arn) }
        if case .notResource = resourceElement { return !listed }
        return listed
    }
}
