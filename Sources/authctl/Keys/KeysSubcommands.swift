import ArgumentParser
import Broker
import Foundation
import KeyManagement

struct KeysList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the keys, their state and current version.")
    @OptionGroup var options: KeyServiceOptions

    func run() async throws {
        try await options.withKeyService { service, _ in
            print("KEY ID                                    ALIAS                           STATE     VERSION")
            for key in try await service.listKeys() {
                let state = key.enabled ? "enabled" : "DISABLED"
                print("\(key.keyId.padding(toLength: 41, withPad: " ", startingAt: 0)) "
                      + "\((key.alias ?? "-").padding(toLength: 31, withPad: " ", startingAt: 0)) "
                      + "\(state.padding(toLength: 9, withPad: " ", startingAt: 0)) \(key.currentVersion.map(String.init) ?? "-")")
            }
        }
    }
}

struct KeysCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a key.")
    @OptionGroup var options: KeyServiceOptions
    @Option(help: "An alias to refer to it by, e.g. payments-segments (used as alias/NAME).") var alias: String?
    @Option(help: "What the key is for.") var description = ""

    func run() async throws {
        try await options.withKeyService { service, _ in
            let key = try await service.createKey(alias: alias, description: description)
            print("created \(key.keyId)\(key.alias.map { " (\($0))" } ?? "")")
        }
    }
}

struct KeysRotate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate", abstract: "Make a new version of a key the one that wraps new segment keys."
    )
    @OptionGroup var options: KeyServiceOptions
    @Argument(help: "Key id or alias/NAME.") var key: String

    func run() async throws {
        try await options.withKeyService { service, _ in
            let rotated = try await service.rotateKey(key)
            print("rotated \(rotated.keyId): new segments use version \(rotated.currentVersion.map(String.init) ?? "(managed by the KMS)")")
        }
    }
}

struct KeysRewrap: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rewrap",
        abstract: "Re-wrap every segment's data key under the newest version of its key; the data is not re-encrypted."
    )
    @OptionGroup var options: KeyServiceOptions

    func run() async throws {
        try await options.withKeyService { service, configuration in
            let locations = try SegmentKeyFile.locations(dataDirectory: configuration.dataDirectory)
            var changed = 0
            for location in locations {
                let result = try await SegmentKeyFile.rewrap(at: location, using: service)
                if result.previousVersion != result.newVersion { changed += 1 }
            }
            print("rewrapped \(locations.count) segment keys (\(changed) moved to a newer key version)")
        }
    }
}

struct KeysDisable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Disable a key: data under it cannot be read until it is enabled again."
    )
    @OptionGroup var options: KeyServiceOptions
    @Argument(help: "Key id or alias/NAME.") var key: String

    func run() async throws {
        try await options.withKeyService { service, _ in
            try await service.setKeyEnabled(key, enabled: false)
            print("disabled \(key)")
        }
    }
}

struct KeysEnable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Enable a disabled key again.")
    @OptionGroup var options: KeyServiceOptions
    @Argument(help: "Key id or alias/NAME.") var key: String

    func run() async throws {
        try await options.withKeyService { service, _ in
            try await service.setKeyEnabled(key, enabled: true)
            print("enabled \(key)")
        }
    }
}
