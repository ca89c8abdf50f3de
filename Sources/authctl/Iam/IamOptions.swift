import ArgumentParser
import KeyManagement
import PolicyStore

/// The KMS key that seals secret access keys, reached as `authctl keys` and `authctl audit`
/// reach the broker's KMS (``KeyServiceOptions``).
struct IamSealingKeyOptions: ParsableArguments {
    @Option(
        name: .customLong("key-data-dir"),
        help: "The broker's data directory, whose KMS seals the secrets (default: DATA_DIR/broker, as portcullis dev lays it out)."
    )
    var keyDataDirectory: String?

    @Option(name: .customLong("key-config"), help: "The broker's broker.properties, when it names another KMS or root key file.")
    var keyConfig: String?

    @Option(name: .customLong("key-id"), help: "The KMS key that seals secret access keys; an alias/NAME that does not exist is created.")
    var keyId = "alias/portcullis-iam"

    /// Runs `body` with the broker's KMS once the sealing key exists (saying on standard error when it was created).
    func withSealingKey<Result>(gatewayDataDirectory: String, _ body: (any KeyService) async throws -> Result) async throws -> Result {
        var options = KeyServiceOptions()
        options.dataDirectory = keyDataDirectory ?? gatewayDataDirectory + "/broker"
        options.config = keyConfig
        do {
            return try await options.withKeyService { service, _ in
                if let created = try await PolicyStore.ensureIamSealingKey(keyId, keyService: service) {
                    StandardError.write("created the KMS key \(keyId) (\(created.keyId)) to seal IAM secrets\n")
                }
                return try await body(service)
            }
        } catch let error as KeyServiceError {
            throw IamStoreError(keyServiceError: error)
        }
    }
}

/// `--account-id`: the account in the ARNs printed (the gateway's `iam.account.id`).
struct IamAccountOptions: ParsableArguments {
    @Option(name: .customLong("account-id"), help: "The 12-digit account id in ARNs (the gateway's iam.account.id).")
    var accountId = "000000000000"

    // CommandFailure rather than ValidationError, here and in the other `iam` commands: a refusal is
    // one line on standard error and exit status 1, as the store's refusals are.
    func validate() throws {
        guard accountId.utf8.count == 12, accountId.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw CommandFailure("--account-id must be 12 digits")
        }
    }

    func userArn(_ name: String) -> String { "arn:aws:iam::\(accountId):user/\(name)" }
    func roleArn(_ name: String) -> String { "arn:aws:iam::\(accountId):role/\(name)" }
    func policyArn(_ name: String) -> String { "arn:aws:iam::\(accountId):policy/\(name)" }
    func assumedRoleArn(role: String, session: String) -> String { "arn:aws:sts::\(accountId):assumed-role/\(role)/\(session)" }

    func arn(_ owner: IamKeyOwner) -> String {
        switch owner {
        case .user(let user): userArn(user)
        case .roleSession(let role, let session): assumedRoleArn(role: role, session: session)
        }
    }
}

/// Exactly one of `--user` or `--role`, for policy attachment.
struct IamPolicyTargetOptions: ParsableArguments {
    @Option(help: "An IAM user name.") var user: String?
    @Option(help: "An IAM role name.") var role: String?

    func validate() throws {
        guard (user == nil) != (role == nil) else { throw CommandFailure("give exactly one of --user or --role") }
    }

    var target: IamPolicyTarget {
        if let user { return .user(user) }
        return .role(role!)
    }
}
