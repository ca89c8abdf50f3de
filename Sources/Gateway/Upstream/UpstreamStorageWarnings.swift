import Logging

/// What the storage sampler logs about its rounds, so that a failure that
/// repeats every 30 s is not a log line every 30 s:
///
/// - a missing permission (CLUSTER_AUTHORIZATION_FAILED) is told once, naming
///   the ACL to grant, and again only if it comes back after a round without it;
/// - any other failure (upstream unreachable, a broker not answering) is told
///   at most once per `window`, with the count of rounds held back;
/// - the first clean round after either is told once, as information.
struct UpstreamStorageWarnings {
    struct Line: Equatable {
        let level: Logger.Level
        let message: String
        let metadata: [String: String]
    }

    /// The gateway's principal on the upstream, as an ACL names it, when known.
    let principal: String?
    private var failureLog: RefusalLogLimiter
    private var permissionTold = false
    private var failing = false

    init(principal: String?, window: Duration = .seconds(600)) {
        self.principal = principal
        self.failureLog = RefusalLogLimiter(burst: 1, window: window)
    }

    /// The lines to log after a round with these failures and incomplete topics.
    mutating func round(failures: [UpstreamStorageFailure], incomplete: [String], at now: ContinuousClock.Instant = .now) -> [Line] {
        var lines: [Line] = []
        let refused = failures.filter { if case .clusterAuthorizationFailed = $0 { true } else { false } }
        let others = failures.filter { if case .clusterAuthorizationFailed = $0 { false } else { true } }
        if refused.isEmpty {
            permissionTold = false
        } else if !permissionTold {
            permissionTold = true
            let who = principal ?? "the gateway's upstream principal"
            let acl = "kafka-acls.sh --add --allow-principal \(principal ?? "PRINCIPAL") --operation Describe --cluster"
            lines.append(Line(
                level: .warning,
                message: "upstream storage is not metered: the upstream refused DescribeLogDirs (CLUSTER_AUTHORIZATION_FAILED); "
                    + "allow \(who) DESCRIBE on the CLUSTER resource (\(acl)); told once",
                metadata: ["brokers": refused.compactMap(\.node).map(String.init).joined(separator: ",")]
            ))
        }
        if others.isEmpty && incomplete.isEmpty {
            if failing && refused.isEmpty {
                lines.append(Line(level: .info, message: "upstream storage sampled again", metadata: [:]))
            }
        } else if let heldBack = failureLog.admit(at: now) {
            var metadata = ["error": (others.map(\.description) + (incomplete.isEmpty ? [] : ["partitions missing from their leaders' answers"])).joined(separator: "; ")]
            if !incomplete.isEmpty { metadata["topics"] = incomplete.joined(separator: ",") }
            if heldBack > 0 { metadata["rounds_not_logged"] = "\(heldBack)" }
            lines.append(Line(level: .warning, message: "upstream storage sampling failed; the topics it missed bill no storage for the round", metadata: metadata))
        }
        failing = !failures.isEmpty || !incomplete.isEmpty
        return lines
    }
}
