import ArgumentParser

/// `authctl user`: principals (`User:NAME`) in the policy store.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage principals (User:NAME) in the policy store.",
        discussion: """
            Works on DIR/policy/policy.sqlite; a running gateway sees each change within a second. \
            Removing or disabling a user closes its open connections. Every change is recorded \
            with who made it.
            """,
        subcommands: [UserAdd.self, UserList.self, UserRemove.self, UserDisable.self, UserEnable.self]
    )
}
