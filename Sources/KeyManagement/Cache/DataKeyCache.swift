import Crypto
import Observability
import Synchronization

/// Unwrapped data keys, so reading a segment does not ask the KMS each time.
///
/// Bounded to `capacity` entries, least recently used evicted first, and
/// optionally to `timeToLive` after insertion. Entries are keyed by the whole
/// wrapped key (KEK id, version, ciphertext) and the encryption context, so a
/// lookup with another context misses just as unwrapping would fail. Values
/// are `SymmetricKey`s: a removed key's bytes are zeroed once the last user
/// releases it.
///
/// Lookups are O(1); an insertion into a full cache scans for the least
/// recently used entry, O(capacity) — insertions follow a KMS call, which
/// costs far more at the capacities a broker uses (hundreds to thousands).
public final class DataKeyCache: Sendable {
    public let capacity: Int
    public let timeToLive: Duration?
    private let state: Mutex<State>
    private let metrics: PortcullisMetrics

    private struct Entry {
        var key: SymmetricKey
        var insertedAt: ContinuousClock.Instant
        var lastUse: UInt64
    }

    private struct State {
        var entries: [CacheKey: Entry] = [:]
        var useCounter: UInt64 = 0
    }

    private struct CacheKey: Hashable {
        var wrapped: WrappedKey
        var context: EncryptionContext
    }

    /// Every lookup that finds its key counts in `metrics` as a data key
    /// served without asking the KMS.
    public init(capacity: Int, timeToLive: Duration? = nil, metrics: PortcullisMetrics = .off) {
        precondition(capacity > 0, "a data key cache holds at least one key")
        self.capacity = capacity
        self.timeToLive = timeToLive
        self.metrics = metrics
        state = Mutex(State())
    }

    public var count: Int {
        state.withLock { $0.entries.count }
    }

    /// The cached key, or nil when absent or expired.
    public func key(for wrapped: WrappedKey, context: EncryptionContext) -> SymmetricKey? {
        let cacheKey = CacheKey(wrapped: wrapped, context: context)
        let found = state.withLock { state -> SymmetricKey? in
            guard var entry = state.entries[cacheKey] else { return nil }
            if let timeToLive, entry.insertedAt.duration(to: .now) >= timeToLive {
                state.entries[cacheKey] = nil
                return nil
            }
            state.useCounter += 1
            entry.lastUse = state.useCounter
            state.entries[cacheKey] = entry
            return entry.key
        }
        if found != nil { metrics.dataKeyCacheHits.increment() }
        return found
    }

    public func insert(_ key: SymmetricKey, for wrapped: WrappedKey, context: EncryptionContext) {
        let cacheKey = CacheKey(wrapped: wrapped, context: context)
        state.withLock { state in
            if state.entries[cacheKey] == nil, state.entries.count >= capacity,
                let oldest = state.entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key
            {
                state.entries[oldest] = nil
            }
            state.useCounter += 1
            state.entries[cacheKey] = Entry(key: key, insertedAt: .now, lastUse: state.useCounter)
        }
    }

    /// Drops every key wrapped by the KEK `keyId`, e.g. when it was disabled.
    public func removeAll(keyId: String) {
        removeAll { $0 == keyId }
    }

    /// Drops every key whose wrapped form names a KEK matching `isRevoked`.
    public func removeAll(where isRevoked: (_ keyId: String) -> Bool) {
        state.withLock { state in
            state.entries = state.entries.filter { !isRevoked($0.key.wrapped.keyId) }
        }
    }

    public func removeAll() {
        state.withLock { $0.entries.removeAll() }
    }
}
