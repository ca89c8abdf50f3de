import Crypto
import Foundation
import Observability
import Synchronization

/// The local KMS: key-encryption keys in `DIR/keys/keyring.sealed`, sealed
/// under the root key.
///
/// Other processes (`authctl keys disable`) change the file while a broker
/// runs: every operation first compares the file's identity (one stat call)
/// with the snapshot it holds and reloads when it changed, so a change is
/// seen by the next operation. Changes are read-modify-write under the
/// keyring lock and replace the file atomically.
///
/// File I/O is short and blocking; it runs on the caller's thread.
public final class LocalKeyService: KeyService {
    private let store: KeyringStore
    private let snapshot: Mutex<KeyringStore.Snapshot?>
    let requests: KMSRequestCounter

    /// Opens the keyring under `dataDirectory`; fails with
    /// `.rootKeyUnavailable` at once when `rootKey` does not open an existing
    /// keyring. A missing keyring is created by the first change. Each
    /// operation counts as one KMS request in `metrics`, named as its AWS KMS counterpart.
    public init(dataDirectory: String, rootKey: RootKey, metrics: PortcullisMetrics = .off) throws(KeyServiceError) {
        store = KeyringStore(directory: KeyDirectory(dataDirectory: dataDirectory), rootKey: rootKey)
        snapshot = Mutex(nil)
        requests = KMSRequestCounter(metrics: metrics)
        _ = try currentKeyring()
    }

    public var keyringPath: String { store.directory.keyringFile }

    /// The keyring as it is on disk now.
    func currentKeyring() throws(KeyServiceError) -> Keyring {
        try snapshot.withLock { held throws(KeyServiceError) -> Keyring in
            let identity = try store.currentIdentity()
            if let current = held, current.identity == identity {
                return current.keyring
            }
            let loaded = try store.load()
            held = loaded
            return loaded.keyring
        }
    }

    /// Changes the keyring on disk; the in-process lock keeps this process's
    /// writers in order, the file lock other processes.
    func updateKeyring<Result: Sendable>(_ change: (inout Keyring) throws(KeyServiceError) -> Result) throws(KeyServiceError) -> Result {
        try snapshot.withLock { held throws(KeyServiceError) -> Result in
            let (result, updated) = try store.update(change)
            held = updated
            return result
        }
    }

    /// The enabled key called `name` (id or `alias/NAME`).
    func enabledKey(_ name: String, in keyring: Keyring) throws(KeyServiceError) -> KeyEncryptionKey {
        guard let key = keyring.key(named: name) else { throw .keyNotFound(name) }
        guard key.enabled else { throw .keyDisabled(key.id) }
        return key
    }

    static func now() -> Double {
        Date().timeIntervalSince1970
    }
}
