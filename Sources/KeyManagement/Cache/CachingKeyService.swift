import Crypto
import Logging
import Synchronization

/// A `KeyService` that answers `decrypt` from a `DataKeyCache` when it can,
/// and otherwise asks the service it wraps (keeping the answer).
///
/// A task of its own describes every KEK it has used each
/// `revalidationInterval` (until `shutdown()`); requests only consult what
/// that refresh learned, so a slow or absent KMS never delays a cached read.
///
/// - Disabled or gone (the KMS says so): the KEK's keys are purged and its
///   reads fail with that error within about one interval — crypto-shredding,
///   on open connections too, provided the caller asks this service per read
///   and keeps no key of its own. Only a refresh that finds it enabled again
///   lifts this.
/// - Unreachable (no answer, or a transient error): cached keys are still
///   served until `unreachableGrace` after the KEK's last confirmation, then
///   refused (fail closed). Requests that need the KMS fail at once with
///   `.unavailable` while the refresh finds it away, instead of each waiting
///   for the request timeout. One warning per outage, one notice when it ends.
///
/// The local KMS's `describeKey` is one stat call, so the default 0.5 s
/// interval costs little; AWS KMS bills requests, so choose a longer one
/// there if the request volume matters more than how soon shredding bites.
public final class CachingKeyService: KeyService {
    public let base: any KeyService
    public let cache: DataKeyCache
    public let revalidationInterval: Duration
    private let status: Mutex<KEKStatusTable>
    private let refresher = Mutex<Task<Void, Never>?>(nil)
    private let logger: Logger

    /// `unreachableGrace` should exceed `revalidationInterval` by far, or
    /// keys are refused between two refreshes of a KMS that answers.
    public init(
        _ base: any KeyService, cache: DataKeyCache, revalidationInterval: Duration = .milliseconds(500),
        unreachableGrace: Duration = .seconds(3600), logger: Logger = Logger(label: "portcullis.kms")
    ) {
        self.base = base
        self.cache = cache
        self.revalidationInterval = revalidationInterval
        self.logger = logger
        status = Mutex(KEKStatusTable(grace: unreachableGrace))
        let task = Task { [weak self, revalidationInterval] in
            while !Task.isCancelled {
                try? await Task.sleep(for: revalidationInterval)
                guard !Task.isCancelled, let self else { return }
                await self.refresh()
            }
        }
        refresher.withLock { $0 = task }
    }

    /// A service dropped without `shutdown()` leaves no task sleeping behind it.
    deinit {
        refresher.withLock { $0?.cancel() }
    }

    public func generateDataKey(keyId: String, context: EncryptionContext) async throws(KeyServiceError) -> DataKey {
        try failFastDuringOutage()
        let dataKey = try await base.generateDataKey(keyId: keyId, context: context)
        cache.insert(dataKey.plaintext, for: dataKey.wrapped, context: context)
        status.withLock { $0.answered(dataKey.wrapped.keyId) }
        return dataKey
    }

    public func decrypt(_ wrapped: WrappedKey, context: EncryptionContext) async throws(KeyServiceError) -> SymmetricKey {
        let (revoked, servable) = status.withLock { ($0.revocation(wrapped.keyId), $0.refusal(wrapped.keyId) == nil) }
        // Refused without asking: some KMSs (moto) still unwrap under a disabled key.
        if let revoked { throw revoked }
        if servable, let key = cache.key(for: wrapped, context: context) { return key }
        try failFastDuringOutage()
        do throws(KeyServiceError) {
            let key = try await base.decrypt(wrapped, context: context)
            cache.insert(key, for: wrapped, context: context)
            status.withLock { $0.answered(wrapped.keyId) }
            return key
        } catch {
            if isRevocation(error) { forget(wrapped.keyId, error) }
            throw error
        }
    }

    public func rewrap(_ wrapped: WrappedKey, context: EncryptionContext) async throws(KeyServiceError) -> WrappedKey {
        try await base.rewrap(wrapped, context: context)
    }

    public func describeKey(_ keyId: String) async throws(KeyServiceError) -> KeyDescription {
        try await base.describeKey(keyId)
    }

    public func listKeys() async throws(KeyServiceError) -> [KeyDescription] {
        try await base.listKeys()
    }

    public func createKey(alias: String?, description: String) async throws(KeyServiceError) -> KeyDescription {
        try await base.createKey(alias: alias, description: description)
    }

    public func rotateKey(_ keyId: String) async throws(KeyServiceError) -> KeyDescription {
        try await base.rotateKey(keyId)
    }

    /// Disabling here purges the KEK's keys at once, whether named by id,
    /// alias or ARN (AWS wrapped keys carry the ARN, which ends in
    /// `/KEY-ID`); names that still differ are caught by the next refresh.
    /// Enabling here confirms the KEK at once (its cached keys serve again).
    public func setKeyEnabled(_ keyId: String, enabled: Bool) async throws(KeyServiceError) {
        try await base.setKeyEnabled(keyId, enabled: enabled)
        let resolved = try? await base.describeKey(keyId).keyId
        let matches = { (wrappedKeyId: String) in
            wrappedKeyId == keyId || resolved.map { wrappedKeyId == $0 || wrappedKeyId.hasSuffix("/" + $0) } ?? false
        }
        guard !enabled else {
            // The KMS has just enabled it: that is a confirmation, no need to wait for the next refresh.
            status.withLock { table in
                for known in table.keyIds where matches(known) { table.confirm(known) }
            }
            return
        }
        status.withLock { table in
            for known in table.keyIds where matches(known) { table.revoke(known, .keyDisabled(known)) }
        }
        cache.removeAll(where: matches)
    }

    /// Describes every KEK used so far: the only place their status is learned.
    private func refresh() async {
        for keyId in status.withLock({ $0.keyIds }) {
            do throws(KeyServiceError) {
                let description = try await base.describeKey(keyId)
                kmsAnswered()
                if description.enabled {
                    status.withLock { $0.confirm(keyId) }
                } else {
                    forget(keyId, .keyDisabled(keyId))
                }
            } catch .unavailable(let reason) {
                // A request cut short by shutdown() says nothing about the KMS.
                guard !Task.isCancelled else { return }
                kmsUnreachable(reason)
            } catch {
                // Any other answer withdraws the confirmation too; only disabled or gone purges.
                kmsAnswered()
                if isRevocation(error) { forget(keyId, error) } else { status.withLock { $0.revoke(keyId, error) } }
            }
        }
    }

    private func failFastDuringOutage() throws(KeyServiceError) {
        if let since = status.withLock({ $0.outageSince }) {
            throw .unavailable("the KMS is unreachable (for \(since.duration(to: .now)))")
        }
    }

    private func kmsUnreachable(_ reason: String) {
        guard status.withLock({ $0.kmsUnreachable() }) else { return }
        logger.warning("the KMS is unreachable: serving cached data keys until the grace after each key's last confirmation ends; new data keys cannot be made", metadata: [
            "grace": "\(status.withLock { $0.grace })", "error": "\(reason)",
        ])
    }

    private func kmsAnswered() {
        guard let outage = status.withLock({ $0.kmsAnswered() }) else { return }
        logger.notice("the KMS is reachable again", metadata: ["outage": "\(outage)"])
    }

    private func isRevocation(_ error: KeyServiceError) -> Bool {
        switch error {
        case .keyDisabled, .keyNotFound: true
        default: false
        }
    }

    /// The KEK stays refused, and its keys purged, until a refresh confirms it again.
    private func forget(_ keyId: String, _ error: KeyServiceError) {
        status.withLock { $0.revoke(keyId, error) }
        cache.removeAll(keyId: keyId)
    }

    /// Stops the refresh, then the service (which ends a refresh request in flight).
    public func shutdown() async throws {
        let task = refresher.withLock { $0 }
        task?.cancel()
        try await base.shutdown()
        await task?.value
    }
}
