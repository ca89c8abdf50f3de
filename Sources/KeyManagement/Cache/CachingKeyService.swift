import Crypto
import Synchronization

/// A `KeyService` that answers `decrypt` from a `DataKeyCache` when it can,
/// and otherwise asks the service it wraps (keeping the answer).
///
/// Crypto-shredding still takes effect: a cached key is served only while
/// its KEK was confirmed enabled (by `describeKey`) within the last
/// `revalidationInterval`; a KEK found disabled or gone has its keys purged
/// and the read fails with the service's error. So a key disabled elsewhere
/// (`authctl keys disable` in another process) stops being served within
/// one interval, on open connections too, provided the caller asks this
/// service per read and keeps no key of its own.
///
/// - Local KMS: `describeKey` is one stat call; the default 0.5 s interval
///   makes shredding effective within a second.
/// - AWS KMS: `describeKey` is a network call; choose an interval such as
///   60 s, and the cache's `timeToLive` bounds how long any key lives.
///
/// A failed revalidation (service unreachable) fails the read: closed, not open.
public final class CachingKeyService: KeyService {
    public let base: any KeyService
    public let cache: DataKeyCache
    public let revalidationInterval: Duration
    /// When each KEK (as named in wrapped keys) was last seen enabled.
    private let confirmedAt: Mutex<[String: ContinuousClock.Instant]>

    public init(_ base: any KeyService, cache: DataKeyCache, revalidationInterval: Duration = .milliseconds(500)) {
        self.base = base
        self.cache = cache
        self.revalidationInterval = revalidationInterval
        confirmedAt = Mutex([:])
    }

    public func generateDataKey(keyId: String, context: EncryptionContext) async throws(KeyServiceError) -> DataKey {
        let dataKey = try await base.generateDataKey(keyId: keyId, context: context)
        cache.insert(dataKey.plaintext, for: dataKey.wrapped, context: context)
        confirm(dataKey.wrapped.keyId)
        return dataKey
    }

    public func decrypt(_ wrapped: WrappedKey, context: EncryptionContext) async throws(KeyServiceError) -> SymmetricKey {
        if let key = cache.key(for: wrapped, context: context) {
            try await revalidate(wrapped.keyId)
            return key
        }
        do throws(KeyServiceError) {
            let key = try await base.decrypt(wrapped, context: context)
            cache.insert(key, for: wrapped, context: context)
            confirm(wrapped.keyId)
            return key
        } catch {
            forgetIfRevoked(wrapped.keyId, error)
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
    /// `/KEY-ID`); every other cached key is revalidated on its next use, in
    /// case the names still differ.
    public func setKeyEnabled(_ keyId: String, enabled: Bool) async throws(KeyServiceError) {
        try await base.setKeyEnabled(keyId, enabled: enabled)
        guard !enabled else { return }
        confirmedAt.withLock { $0.removeAll() }
        let resolved = try? await base.describeKey(keyId).keyId
        cache.removeAll { wrappedKeyId in
            wrappedKeyId == keyId || resolved.map { wrappedKeyId == $0 || wrappedKeyId.hasSuffix("/" + $0) } ?? false
        }
    }

    private func revalidate(_ keyId: String) async throws(KeyServiceError) {
        let last = confirmedAt.withLock { $0[keyId] }
        if let last, last.duration(to: .now) < revalidationInterval { return }
        let description: KeyDescription
        do throws(KeyServiceError) {
            description = try await base.describeKey(keyId)
        } catch {
            forgetIfRevoked(keyId, error)
            throw error
        }
        guard description.enabled else {
            forget(keyId)
            throw .keyDisabled(keyId)
        }
        confirm(keyId)
    }

    private func confirm(_ keyId: String) {
        confirmedAt.withLock { $0[keyId] = .now }
    }

    private func forgetIfRevoked(_ keyId: String, _ error: KeyServiceError) {
        switch error {
        case .keyDisabled, .keyNotFound: forget(keyId)
        default: break
        }
    }

    private func forget(_ keyId: String) {
        confirmedAt.withLock { $0[keyId] = nil }
        cache.removeAll(keyId: keyId)
    }

    public func shutdown() async throws {
        try await base.shutdown()
    }
}
