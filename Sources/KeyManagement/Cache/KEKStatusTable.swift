/// What `CachingKeyService` knows of each KEK, as its background refresh
/// last learned it, and whether the KMS is currently answering. Reads consult
/// only this table, so a KMS that is slow or away never delays them.
struct KEKStatusTable {
    private struct Entry {
        /// When the KMS last confirmed the KEK enabled.
        var confirmedAt: ContinuousClock.Instant
        /// Set when the KMS answered that the KEK is disabled or gone.
        var revoked: KeyServiceError?
    }

    /// How long after its last confirmation a KEK's cached keys are still
    /// served while the KMS does not answer.
    let grace: Duration
    private var entries: [String: Entry] = [:]
    /// When the background refresh first found the KMS unreachable; nil while it answers.
    private(set) var outageSince: ContinuousClock.Instant?

    init(grace: Duration) {
        self.grace = grace
    }

    var keyIds: [String] { Array(entries.keys) }

    /// Nil when the KEK's cached keys may be served now; otherwise why not.
    /// A KEK never confirmed is refused, so its keys come from the KMS.
    func refusal(_ keyId: String, now: ContinuousClock.Instant = .now) -> KeyServiceError? {
        guard let entry = entries[keyId] else { return .unavailable("key \(keyId) was never confirmed") }
        if let revoked = entry.revoked { return revoked }
        guard entry.confirmedAt.duration(to: now) < grace else {
            return .unavailable("the KMS has not confirmed key \(keyId) for longer than the grace of \(grace)")
        }
        return nil
    }

    /// Why the KEK may not be used, when the KMS said so; a request's success does not undo it.
    func revocation(_ keyId: String) -> KeyServiceError? {
        entries[keyId]?.revoked
    }

    /// The KMS answered a request under the KEK (a data key made or unwrapped).
    mutating func answered(_ keyId: String, now: ContinuousClock.Instant = .now) {
        entries[keyId, default: Entry(confirmedAt: now)].confirmedAt = now
    }

    /// The KMS described the KEK as enabled: this alone lifts a revocation.
    mutating func confirm(_ keyId: String, now: ContinuousClock.Instant = .now) {
        entries[keyId] = Entry(confirmedAt: now)
    }

    mutating func revoke(_ keyId: String, _ error: KeyServiceError, now: ContinuousClock.Instant = .now) {
        entries[keyId, default: Entry(confirmedAt: now)].revoked = error
    }

    /// Records the KMS not answering; true when this starts an outage.
    mutating func kmsUnreachable(now: ContinuousClock.Instant = .now) -> Bool {
        guard outageSince == nil else { return false }
        outageSince = now
        return true
    }

    /// Records the KMS answering; the outage's length when this ends one.
    mutating func kmsAnswered(now: ContinuousClock.Instant = .now) -> Duration? {
        defer { outageSince = nil }
        return outageSince.map { $0.duration(to: now) }
    }
}
