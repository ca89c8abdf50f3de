/// The one-line summary `authctl audit tail` and `query` print: fixed
/// columns for time, kind, decision, principal and client, then what was
/// decided and why.
extension AuditRecord {
    public static let textHeader = columns(["TIME", "KIND", "DECISION", "PRINCIPAL", "CLIENT"], "DETAIL")

    public var text: String {
        switch content {
        case .checkpoint(let checkpoint):
            let dropped = checkpoint.dropped > 0 ? ", \(checkpoint.dropped) records refused before it" : ""
            return Self.columns([time.description, kind.rawValue, "-", "-", "-"], "seq \(seq) seals the chain\(dropped)")
        case .event(let event):
            let client = event.connection.map { "\($0.clientAddress.contains(":") ? "[\($0.clientAddress)]" : $0.clientAddress):\($0.clientPort)" }
            return Self.columns(
                [time.description, kind.rawValue, event.decision?.rawValue ?? "-", event.principal ?? event.change?.actor ?? "-", client ?? "-"],
                Self.detail(event)
            )
        }
    }

    private static func detail(_ event: AuditEvent) -> String {
        var parts: [String] = []
        switch event.kind {
        case .authentication:
            parts.append(event.mechanism ?? "-")
        case .authorization:
            if let resource = event.resource {
                let pattern = resource.patternType == "LITERAL" ? "" : " (\(resource.patternType))"
                parts.append("\(event.operation ?? "-") \(resource.type):\(resource.name)\(pattern)")
            }
        case .adminChange:
            if let change = event.change {
                parts.append("\(change.action) \(change.subject) \(change.details) via \(change.source)")
            }
        case .checkpoint:
            break
        }
        if let request = event.request { parts.append("api \(request.apiKey) v\(request.apiVersion)") }
        if let rule = event.rule { parts.append("rule \(rule.name): \(rule.description)") }
        if let reason = event.reason { parts.append(reason) }
        return parts.joined(separator: "; ")
    }

    private static let widths = [27, 14, 8, 24, 22]

    private static func columns(_ fixed: [String], _ last: String) -> String {
        zip(fixed, widths).map { text, width in
            text.count >= width ? text + " " : text + String(repeating: " ", count: width + 1 - text.count)
        }.joined() + last
    }
}
