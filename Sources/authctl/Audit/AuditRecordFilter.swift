import ArgumentParser
import Audit

/// The conditions `tail` and `query` select records by.
struct AuditRecordFilter: ParsableArguments {
    @Option(help: "Only this principal's records (User:NAME or NAME); for admin changes, who made them.")
    var principal: String?

    @Option(help: "Only ALLOW or only DENY.")
    var decision: String?

    @Option(help: "Only decisions on this topic.")
    var topic: String?

    @Option(help: "From this time: RFC 3339 (2025-06-01, 2025-06-01T12:00:00Z) or a span ago (90s, 15m, 2h, 7d).")
    var since: String?

    @Option(help: "Before this time, written as for --since.")
    var until: String?

    @Option(help: "Only records of this kind: authentication, authorization, admin-change or checkpoint (repeatable; all but checkpoint by default).")
    var kind: [String] = []

    func validate() throws {
        _ = try query()
    }

    func query() throws -> AuditQuery {
        var query = AuditQuery()
        query.principal = principal
        query.topic = topic
        if let decision {
            guard let parsed = AuditDecision(rawValue: decision.uppercased()) else {
                throw ValidationError("--decision must be ALLOW or DENY, not '\(decision)'")
            }
            query.decision = parsed
        }
        query.since = try since.map { try time($0, "--since") }
        query.until = try until.map { try time($0, "--until") }
        if !kind.isEmpty {
            query.kinds = Set(try kind.map { name in
                guard let parsed = AuditRecordKind(rawValue: name) else {
                    throw ValidationError("--kind must be one of \(AuditRecordKind.allCases.map(\.rawValue).joined(separator: ", ")), not '\(name)'")
                }
                return parsed
            })
        }
        return query
    }

    private func time(_ text: String, _ option: String) throws -> AuditTime {
        guard let time = AuditTime(parsing: text) else {
            throw ValidationError("\(option) must be an RFC 3339 time (2025-06-01T12:00:00Z) or a span ago (15m, 2h, 7d), not '\(text)'")
        }
        return time
    }
}
