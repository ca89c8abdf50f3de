import Crypto
import KeyManagement
import Logging
import PolicyStore
import Synchronization

/// The policy the gateway decides with: an immutable snapshot of the policy
/// store and the authorizer built from it, replaced whole when the store
/// changes, so the request path never touches the database and no decision
/// sees half of a change.
public final class PolicyHolder: Sendable {
    private let policy: Mutex<GatewayPolicy>
    let settings: AuthorizationSettings
    let sessions = LiveSessions()

    /// Opens the IAM secrets of each snapshot; nil where no KMS is at hand
    /// (then no IAM access key authenticates).
    private let secretOpener: IamSecretOpener?

    /// Starts with `initial` and no IAM secrets: `install` a snapshot before
    /// serving IAM clients.
    public init(
        _ initial: PolicySnapshot = .empty, settings: AuthorizationSettings = AuthorizationSettings(),
        keyService: (any KeyService)? = nil, logger: Logger = Logger(label: "portcullis.policy")
    ) {
        self.settings = settings
        self.policy = Mutex(GatewayPolicy(initial, settings: settings))
        self.secretOpener = keyService.map { IamSecretOpener(keyService: $0, logger: logger) }
    }

    public var current: GatewayPolicy { policy.withLock { $0 } }

    /// Installs a new snapshot and has every open session check its principal
    /// against it; a removed or disabled principal's connections are closed.
    /// The authorizer's index is built here, before the swap, not on an event loop.
    public func replace(with newSnapshot: PolicySnapshot, iamSecrets: [String: SymmetricKey] = [:]) {
        let next = GatewayPolicy(newSnapshot, settings: settings, iamSecrets: iamSecrets)
        let changed = policy.withLock { current in
            defer { current = next }
            return current.snapshot != newSnapshot
        }
        if changed { sessions.revalidateAll() }
    }

    /// Installs `snapshot` once its IAM secrets are open.
    public func install(_ snapshot: PolicySnapshot) async {
        let secrets = await secretOpener?.secrets(for: snapshot.iam) ?? [:]
        replace(with: snapshot, iamSecrets: secrets)
    }

    /// Follows the store until cancelled, installing each new snapshot.
    public func follow(_ store: PolicyStore) async throws {
        for try await snapshot in store.snapshots() {
            await install(snapshot)
        }
    }
}
