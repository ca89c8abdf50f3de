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
    private let state: Mutex<State>
    let sessions = LiveSessions()

    /// What the policy is built from; a new snapshot or new settings rebuild it.
    private struct State {
        var policy: GatewayPolicy
        var settings: AuthorizationSettings
        /// Count replacements of the settings and of the policy, so that a
        /// policy built outside the lock can tell it is stale.
        var settingsGeneration = 0
        var policyGeneration = 0
        var iamSecrets: [String: SymmetricKey]
    }

    /// Opens the IAM secrets of each snapshot; nil where no KMS is at hand
    /// (then no IAM access key authenticates).
    private let secretOpener: IamSecretOpener?

    /// Starts with `initial` and no IAM secrets: `install` a snapshot before
    /// serving IAM clients.
    public init(
        _ initial: PolicySnapshot = .empty, settings: AuthorizationSettings = AuthorizationSettings(),
        keyService: (any KeyService)? = nil, logger: Logger = Logger(label: "portcullis.policy")
    ) {
        self.state = Mutex(State(policy: GatewayPolicy(initial, settings: settings), settings: settings, iamSecrets: [:]))
        self.secretOpener = keyService.map { IamSecretOpener(keyService: $0, logger: logger) }
    }

    public var current: GatewayPolicy { state.withLock { $0.policy } }

    /// The client quotas alone, for the per-response checks that need nothing else.
    var quotas: ClientQuotas { state.withLock { $0.policy.snapshot.quotas } }

    /// Installs a new snapshot and has every open session check its principal
    /// against it; a removed or disabled principal's connections are closed.
    /// The authorizer's index is built here, before the swap, not on an event loop.
    public func replace(with newSnapshot: PolicySnapshot, iamSecrets: [String: SymmetricKey] = [:]) {
        let (settings, generation) = state.withLock { ($0.settings, $0.settingsGeneration) }
        let built = GatewayPolicy(newSnapshot, settings: settings, iamSecrets: iamSecrets)
        let changed = state.withLock { state in
            let changed = state.policy.snapshot != newSnapshot
            // Settings replaced while this was built: build again with them (rare; under the lock).
            state.policy = state.settingsGeneration == generation
                ? built : GatewayPolicy(newSnapshot, settings: state.settings, iamSecrets: iamSecrets)
            state.policyGeneration += 1
            state.iamSecrets = iamSecrets
            return changed
        }
        if changed { sessions.revalidateAll() }
    }

    /// Rebuilds the policy with new authorization settings (`super.users`,
    /// `allow.everyone.if.no.acl.found`, `iam.*`: a configuration reload);
    /// open sessions check their principal again, and their next request is
    /// decided by the new policy.
    /// Built outside the lock, as a snapshot's policy is: a snapshot installed
    /// meanwhile was built with these settings already, and newer settings
    /// install their own, so this one is then dropped.
    public func replace(settings: AuthorizationSettings) {
        let (snapshot, secrets, settingsGeneration, policyGeneration) = state.withLock { state in
            state.settings = settings
            state.settingsGeneration += 1
            return (state.policy.snapshot, state.iamSecrets, state.settingsGeneration, state.policyGeneration)
        }
        let built = GatewayPolicy(snapshot, settings: settings, iamSecrets: secrets)
        state.withLock { state in
            guard state.settingsGeneration == settingsGeneration, state.policyGeneration == policyGeneration else { return }
            state.policy = built
            state.policyGeneration += 1
        }
        sessions.revalidateAll()
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
