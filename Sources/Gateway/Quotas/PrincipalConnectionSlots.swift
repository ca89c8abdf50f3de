/// Counts each principal's authenticated connections against
/// `max.connections.per.principal` (`ConnectionAdmission` on the gateway).
/// The session machine claims a slot when a connection first authenticates;
/// its handler releases it when the connection ends.
protocol PrincipalConnectionSlots: Sendable {
    /// Counts one more connection of `principal`; false when it has its maximum open.
    func claim(principal: String) -> Bool
    func release(principal: String)
}

extension ConnectionAdmission: PrincipalConnectionSlots {}
