import Foundation

/// One row of the append-only record of administrative changes (who, what, when),
/// which the decision log picks up. Holds no secret.
public struct AdminChange: Sendable, Equatable {
    /// Increases with every change and is never reused, so a reader can resume after the last id it saw.
    public let id: Int64
    public let at: Date
    /// The OS user who ran `authctl`, or the name it was given with `--actor`.
    public let actor: String
    public let action: AdminAction
    /// What the change was made to, e.g. `User:alice`.
    public let subject: String
    /// A JSON object with the change's parameters, e.g. `{"iterations":4096,"mechanism":"SCRAM-SHA-512"}`.
    public let details: String
}
