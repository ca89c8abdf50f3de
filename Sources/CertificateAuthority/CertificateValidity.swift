import Foundation

/// When a certificate is valid: from `notBefore` to `notAfter`, both inclusive.
public struct CertificateValidity: Sendable, Equatable {
    public var notBefore: Date
    public var notAfter: Date

    /// An explicit window, e.g. one that has already ended, for tests of expiry.
    public init(notBefore: Date, notAfter: Date) {
        self.notBefore = notBefore
        self.notAfter = notAfter
    }

    /// Valid for `days` days from `start`. Starts an hour early so that a peer
    /// whose clock is a little behind does not see a certificate from the future.
    public static func days(_ days: Int, from start: Date = Date()) -> CertificateValidity {
        CertificateValidity(
            notBefore: start.addingTimeInterval(-clockSkewAllowance),
            notAfter: start.addingTimeInterval(TimeInterval(days) * 86_400)
        )
    }

    static let clockSkewAllowance: TimeInterval = 3_600

    /// X.509 times run from 1950 to 9999 (RFC 5280, 4.1.2.5).
    private static let earliest = Date(timeIntervalSince1970: -631_152_000)
    private static let latest = Date(timeIntervalSince1970: 253_402_300_799)

    func validate(within authority: CertificateValidity? = nil) throws(CertificateAuthorityError) {
        guard notBefore < notAfter else {
            throw .invalidValidity(reason: "notBefore \(notBefore) is not before notAfter \(notAfter)")
        }
        guard notBefore >= Self.earliest, notAfter <= Self.latest else {
            throw .invalidValidity(reason: "X.509 validity must lie between 1950 and 9999")
        }
        if let authority, notAfter > authority.notAfter {
            throw .invalidValidity(reason: "the certificate would outlive the CA, which expires at \(authority.notAfter)")
        }
    }
}
