import ArgumentParser

/// `authctl keys`: the key-encryption keys that wrap segment data keys.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage the encryption keys that wrap the broker's segment data keys.",
        discussion: """
            Works on the broker's data directory and the KMS its configuration names \
            (the local keyring under DIR/keys by default). Rotation makes new segments \
            use the new key version; rewrap re-wraps existing segment keys under the \
            newest version without re-encrypting data; disabling a key makes the data \
            under it unreadable until it is enabled again.
            """,
        subcommands: [KeysList.self, KeysCreate.self, KeysRotate.self, KeysRewrap.self, KeysDisable.self, KeysEnable.self]
    )
}
