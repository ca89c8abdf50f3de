import Audit
import Observability

extension GatewayServer {
    /// What `/readyz` requires of a started gateway: its listeners open, the
    /// upstream answering the probe (asked every 30 s, every second while it
    /// does not answer), and the decision log being written. The policy
    /// store needs no check: the gateway starts only after its first
    /// snapshot is installed, and the process stops if following it fails.
    public func readinessChecks(decisionLog: AuditLog?) -> [ReadinessCheck] {
        var checks = [
            ReadinessCheck("listeners") { [listeners] in
                let closed = listeners.filter { !$0.channel.isActive }.map(\.configuration.name)
                return closed.isEmpty ? nil : "not accepting: \(closed.joined(separator: ", "))"
            },
            ReadinessCheck("upstream") { [cluster] in
                cluster.lastProbeAnswered ? nil : "no bootstrap broker answered the last probe"
            },
        ]
        if let decisionLog {
            checks.append(ReadinessCheck("decision-log") { decisionLog.failureReason })
        }
        return checks
    }
}
