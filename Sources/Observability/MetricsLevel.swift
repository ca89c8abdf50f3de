/// How much `/metrics` shows, as Amazon MSK's monitoring levels: `basic`
/// (connections, authentication, authorization, errors, the process),
/// `enhanced` (adds request durations, KMS and decision-log health, memory
/// budgets) and `topic` (adds the series labelled by topic or principal,
/// whose number grows with the workload).
public enum MetricsLevel: String, Sendable, CaseIterable, Comparable {
    case basic
    case enhanced
    case topic

    private var rank: Int {
        switch self {
        case .basic: 0
        case .enhanced: 1
        case .topic: 2
        }
    }

    public static func < (lhs: MetricsLevel, rhs: MetricsLevel) -> Bool {
        lhs.rank < rhs.rank
    }
}
