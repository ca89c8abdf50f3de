import Logging
import NIOCore

/// What every connection of one listener shares.
struct ListenerContext: Sendable {
    let name: String
    let authentication: ListenerAuthentication
    /// Whether connections start with a TLS handshake (nothing is served before it completes).
    let usesTLS: Bool
    let limits: GatewayLimits
    let cluster: UpstreamCluster
    let connector: UpstreamConnector
    let policy: PolicyHolder
    let rewriter: AddressRewriter
    /// Where this listener's connections go: a node's port leads to that node,
    /// the bootstrap port (nil) to any bootstrap broker.
    var upstreamNode: Int32?
    let logger: Logger
}
