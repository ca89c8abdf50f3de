import ArgumentParser
import Foundation
import PolicyStore

/// `authctl iam key`: users' long-term access keys (`AKIA…`), at most two per user.
struct IamKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Manage IAM users' access keys (at most two per user).",
        discussion: "The secret access key is printed once, by create; the store keeps it sealed under the KMS.",
        subcommands: [IamKeyCreate.self, IamKeyList.self, IamKeyDisable.self, IamKeyEnable.self, IamKeyDelete.self]
    )
}

struct IamKeyCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create an access key for a user and print its secret, once."
    )
    @OptionGroup var options: PolicyStoreOptions
    @OptionGroup var sealing: IamSealingKeyOptions
    @Option(help: "The IAM user to create the key for.") var user: String
    @Option(help: "table or json (IAM's CreateAccessKey response).") var output: OutputFormat = .table

    /// IAM's CreateAccessKey response.
    struct Created: Encodable {
        struct AccessKey: Encodable {
            let UserName: String
            let AccessKeyId: String
            let Status: String
            let SecretAccessKey: String
            let CreateDate: Date
        }
        let AccessKey: AccessKey
    }

    func run() async throws {
        let store = try options.openStore()
        // An unknown user or a full set of keys is refused before the KMS is reached (and again when writing).
        let existing = try store.listIamAccessKeys(user: user)
        guard existing.count < PolicyStore.maximumAccessKeysPerUser else {
            throw IamStoreError.accessKeyLimit(user: user, limit: PolicyStore.maximumAccessKeysPerUser)
        }
        let created = try await sealing.withSealingKey(gatewayDataDirectory: options.dataDirectory) { service in
            try await store.createIamAccessKey(forUser: user, sealingKeyId: sealing.keyId, keyService: service, actor: options.resolvedActor)
        }
        let key = created.accessKey
        switch output {
        case .json:
            print(try JSONOutput.render(Created(AccessKey: .init(
                UserName: user, AccessKeyId: key.accessKeyId, Status: key.status.rawValue,
                SecretAccessKey: created.secretAccessKey, CreateDate: key.createdAt
            ))))
        case .table:
            print(TextTable.render(header: ["AccessKeyId", key.accessKeyId], rows: [["SecretAccessKey", created.secretAccessKey]]))
        }
        StandardError.write("the secret access key is shown only this once; it cannot be retrieved later\n")
    }
}

struct IamKeyList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List users' access keys (never their secrets).")
    @OptionGroup var options: PolicyStoreOptions
    @Option(help: "Only this user's keys.") var user: String?
    @Option(help: "table or json (IAM's ListAccessKeys response).") var output: OutputFormat = .table

    struct Listing: Encodable {
        struct Metadata: Encodable {
            let UserName: String
            let AccessKeyId: String
            let Status: String
            let CreateDate: Date
        }
        let AccessKeyMetadata: [Metadata]
    }

    func run() throws {
        let keys = try options.openStore().listIamAccessKeys(user: user).compactMap { key -> Listing.Metadata? in
            guard case .user(let owner) = key.owner else { return nil }
            return Listing.Metadata(UserName: owner, AccessKeyId: key.accessKeyId, Status: key.status.rawValue, CreateDate: key.createdAt)
        }
        switch output {
        case .json: print(try JSONOutput.render(Listing(AccessKeyMetadata: keys)))
        case .table:
            print(TextTable.render(
                header: ["ACCESS KEY ID", "USER", "STATUS", "CREATED"],
                rows: keys.map { [$0.AccessKeyId, $0.UserName, $0.Status, IamText.time($0.CreateDate)] }
            ))
        }
    }
}

struct IamKeyDisable: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Make a key Inactive: it authenticates nothing, and its connections are closed."
    )
    @OptionGroup var options: PolicyStoreOptions
    @Option(help: "The user who owns the key.") var user: String
    @Argument(help: "The access key id (AKIA…).") var accessKeyId: String

    func run() throws {
        try options.openStore().setIamAccessKeyEnabled(false, accessKeyId: accessKeyId, user: user, actor: options.resolvedActor)
        print("disabled access key \(accessKeyId) of IAM user \(user)")
    }
}

struct IamKeyEnable: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Make an Inactive key Active again.")
    @OptionGroup var options: PolicyStoreOptions
    @Option(help: "The user who owns the key.") var user: String
    @Argument(help: "The access key id (AKIA…).") var accessKeyId: String

    func run() throws {
        try options.openStore().setIamAccessKeyEnabled(true, accessKeyId: accessKeyId, user: user, actor: options.resolvedActor)
        print("enabled access key \(accessKeyId) of IAM user \(user)")
    }
}

struct IamKeyDelete: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a user's access key.")
    @OptionGroup var options: PolicyStoreOptions
    @Option(help: "The user who owns the key.") var user: String
    @Argument(help: "The access key id (AKIA…).") var accessKeyId: String

    func run() throws {
        try options.openStore().deleteIamAccessKey(accessKeyId, user: user, actor: options.resolvedActor)
        print("deleted access key \(accessKeyId) of IAM user \(user)")
    }
}
