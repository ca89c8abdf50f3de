import Authorization
import Foundation

/// kafka-acls.sh's question before removing ACLs, answered on standard input: the ACLs go to
/// standard error with the question, and only y (or yes) removes them.
enum RemovalConfirmation {
    static func confirm(_ bindings: [AclBinding]) throws {
        let what = bindings.count == 1 ? "this ACL" : "these \(bindings.count) ACLs"
        StandardError.write(AclListing.text(bindings, heading: "ACLs to remove for resource") + "\nRemove \(what)? (y/n) ")
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else {
            throw CommandFailure("not confirmed; nothing removed (answer y, or pass --force to remove without asking)")
        }
    }
}
