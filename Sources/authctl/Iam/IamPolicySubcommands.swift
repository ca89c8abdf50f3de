import ArgumentParser
import Authorization
import Foundation
import PolicyStore
import SecretHandling

/// `authctl iam policy`: IAM policy documents (AWS's JSON) and where they are attached.
struct IamPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Manage IAM policy documents and attach them to users and roles.",
        subcommands: [
            IamPolicyPut.self, IamPolicyList.self, IamPolicyShow.self, IamPolicyRemove.self, IamPolicyAttach.self, IamPolicyDetach.self,
        ]
    )
}

struct IamPolicyPut: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put", abstract: "Create or replace a policy from a JSON document, checked before it is stored."
    )
    @OptionGroup var options: PolicyStoreOptions
    @Argument(help: "The policy name: letters, digits and + = , . @ _ -, at most 128.") var name: String
    @Option(help: "The policy document (JSON, as AWS writes them).") var file: String

    func run() throws {
        if let problem = IamName.problem(with: name, kind: .policy) { throw IamStoreError.invalidName(problem) }
        let bytes: [UInt8]
        do {
            bytes = try SecureFile.read(file, limit: PolicyStore.maximumIamPolicyDocumentByteCount, ownerOnly: false)
        } catch {
            throw CommandFailure("cannot read \(file): \(error)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw CommandFailure("\(file) is not UTF-8") }
        do {
            _ = try IamPolicyDocument(json: bytes)
        } catch {
            throw CommandFailure("\(file) is not a valid IAM policy document: \(error)")
        }
        let created = try options.openStore().putIamPolicy(name, document: text, actor: options.resolvedActor)
        print("\(created ? "created" : "replaced") IAM policy \(name)")
    }
}

struct IamPolicyList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List policies and where they are attached.")
    @OptionGroup var options: PolicyStoreOptions
    @OptionGroup var account: IamAccountOptions
    @Option(help: "table or json.") var output: OutputFormat = .table

    struct Listing: Encodable {
        struct Policy: Encodable {
            let PolicyName: String
            let Arn: String
            let AttachmentCount: Int
            let AttachedTo: [String]
            let UpdateDate: Date
        }
        let Policies: [Policy]
    }

    func run() throws {
        let store = try options.openStore()
        let policies = try store.listIamPolicies().map { policy in
            let targets = try store.iamPolicyAttachments(policy.name).map(\.description)
            return Listing.Policy(
                PolicyName: policy.name, Arn: account.policyArn(policy.name), AttachmentCount: targets.count,
                AttachedTo: targets, UpdateDate: policy.updatedAt
            )
        }
        switch output {
        case .json: print(try JSONOutput.render(Listing(Policies: policies)))
        case .table:
            print(TextTable.render(
                header: ["POLICY", "ATTACHED TO", "UPDATED"],
                rows: policies.map { [$0.PolicyName, $0.AttachedTo.isEmpty ? "-" : $0.AttachedTo.joined(separator: ","), IamText.time($0.UpdateDate)] }
            ))
        }
    }
}

struct IamPolicyShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a policy's document as stored.")
    @OptionGroup var options: PolicyStoreOptions
    @Argument(help: "The policy name.") var name: String

    func run() throws {
        guard let policy = try options.openStore().iamPolicy(named: name) else { throw IamStoreError.unknownPolicy(name) }
        print(policy.document, terminator: policy.document.hasSuffix("\n") ? "" : "\n")
    }
}

struct IamPolicyRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a policy; one still attached needs --force, which detaches it everywhere."
    )
    @OptionGroup var options: PolicyStoreOptions
    @Argument(help: "The policy name.") var name: String
    @Flag(help: "Detach the policy from every user and role first.") var force = false

    func run() throws {
        try options.openStore().removeIamPolicy(name, force: force, actor: options.resolvedActor)
        print("removed IAM policy \(name)")
    }
}

struct IamPolicyAttach: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "attach", abstract: "Attach a policy to a user or a role.")
    @OptionGroup var options: PolicyStoreOptions
    @OptionGroup var target: IamPolicyTargetOptions
    @Argument(help: "The policy name.") var name: String

    func run() throws {
        let attached = try options.openStore().attachIamPolicy(name, to: target.target, actor: options.resolvedActor)
        print(attached ? "attached IAM policy \(name) to \(target.target)" : "IAM policy \(name) was already attached to \(target.target)")
    }
}

struct IamPolicyDetach: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "detach", abstract: "Detach a policy from a user or a role.")
    @OptionGroup var options: PolicyStoreOptions
    @OptionGroup var target: IamPolicyTargetOptions
    @Argument(help: "The policy name.") var name: String

    func run() throws {
        try options.openStore().detachIamPolicy(name, from: target.target, actor: options.resolvedActor)
        print("detached IAM policy \(name) from \(target.target)")
    }
}
