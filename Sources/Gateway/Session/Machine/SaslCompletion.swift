import NIOCore

/// One SASL step's outcome: another challenge, or the exchange done.
enum SaslStep {
    case challenge(SaslStage, [UInt8])
    case completed(SaslCompletion)
}

/// A finished SASL exchange: who proved themselves, how, what to send back,
/// and how long the session may last before it must re-authenticate.
struct SaslCompletion {
    let principal: SessionPrincipal
    let mechanism: SaslMechanism
    let serverFinal: [UInt8]
    /// nil for no limit.
    let lifetime: TimeAmount?
}
