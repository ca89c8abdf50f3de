import Crypto
import KeyManagement
import Logging
import PolicyStore

/// Opens the IAM secret access keys of each policy snapshot with the KMS
/// that sealed them, once per key: a new snapshot reuses what an earlier one
/// opened (same key id, same sealed bytes), so a change to one key costs one
/// KMS call, not one per key. A secret that does not open (KMS key disabled
/// or missing, bytes tampered) is left out, so its key authenticates no one,
/// and said once in the service log.
actor IamSecretOpener {
    private let keyService: any KeyService
    private let logger: Logger
    private var opened: [String: (sealed: SealedSecret, secret: SymmetricKey)] = [:]
    private var failed: [String: SealedSecret] = [:]

    init(keyService: any KeyService, logger: Logger) {
        self.keyService = keyService
        self.logger = logger
    }

    /// The secrets of every access key in `snapshot`, by access key id.
    func secrets(for snapshot: IamSnapshot) async -> [String: SymmetricKey] {
        var secrets: [String: SymmetricKey] = [:]
        for (id, key) in snapshot.accessKeys {
            if let known = opened[id], known.sealed == key.sealedSecret {
                secrets[id] = known.secret
                continue
            }
            do {
                let secret = try await key.openSecret(keyService: keyService)
                opened[id] = (key.sealedSecret, secret)
                failed[id] = nil
                secrets[id] = secret
            } catch {
                if failed[id] != key.sealedSecret {
                    logger.error("an IAM secret access key could not be opened; the key authenticates no one", metadata: [
                        "access_key_id": "\(id)", "error": "\(error)",
                    ])
                    failed[id] = key.sealedSecret
                }
            }
        }
        // Keys gone from the store are forgotten (their secrets zeroed with the last reference).
        opened = opened.filter { snapshot.accessKeys[$0.key] != nil }
        failed = failed.filter { snapshot.accessKeys[$0.key] != nil }
        return secrets
    }
}
