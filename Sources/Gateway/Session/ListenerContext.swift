import Audit
import Logging
import NIOCore
import Observability
import Usage

/// What every connection of one listener shares.
struct ListenerContext: Sendable {
    let name: String
    /// The session rules of its connections.
    let session: SessionConfiguration
    var limits: GatewayLimits { session.limits }
    let cluster: UpstreamCluster
    let connector: UpstreamConnector
    let policy: PolicyHolder
    /// Answers the ACL and SCRAM credential APIs from the policy store; nil: not served.
    let administration: PolicyAdministration?
    /// Topic ids → names, shared by every listener.
    let topicNames: TopicNames
    /// The decision log, shared by every listener; nil only in tests of other things.
    let decisionLog: AuditLog?
    let rewriter: AddressRewriter
    /// Shared by every listener of the gateway.
    let requestBudget: RequestMemoryBudget
    /// Bounds the log lines of refused connections and failed authentications on this listener.
    let refusalLog: SharedLogLimiter
    /// Where this listener's connections go: a node's port leads to that node,
    /// the bootstrap port (nil) to any bootstrap broker.
    var upstreamNode: Int32?
    let logger: Logger
    /// Shared by every listener; `.off` counts nothing.
    let metrics: PortcullisMetrics
    /// The usage journal traffic is metered into (`authctl usage`); nil meters nothing.
    var usage: UsageRecorder? = nil
    /// Every user's quota use, shared by every listener; nil enforces no user quota.
    var quotaAccounting: ClientQuotaAccounting? = nil
    /// Counts connections against the connection limits, shared by every listener; nil counts nothing.
    var connectionAdmission: ConnectionAdmission? = nil
}
