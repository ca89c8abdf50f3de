/// Whether two byte sequences are equal, taking the same time for every pair of equal-length inputs
/// whatever their contents, so that a secret compared with attacker-chosen bytes leaks no prefix
/// through timing (the CVE-2021-38153 class). Lengths are not secret: unequal lengths return at once.
///
/// Use it for every comparison that involves a secret or a value derived from one.
@inline(never)
public func constantTimeEquals<Lhs: Collection<UInt8>, Rhs: Collection<UInt8>>(_ lhs: Lhs, _ rhs: Rhs) -> Bool {
    guard lhs.count == rhs.count else { return false }
    var difference: UInt8 = 0
    for (left, right) in zip(lhs, rhs) {
        difference |= left ^ right
    }
    return difference == 0
}
