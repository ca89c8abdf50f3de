import SwiftASN1
import X509
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A name a server certificate is valid for: an IPv4 or IPv6 address
/// (iPAddress SAN) or a DNS name, optionally with a leading `*.` (dNSName SAN).
enum ServerHost {
    static func subjectAlternativeName(_ host: String) throws(CertificateAuthorityError) -> GeneralName {
        if let address = ipAddressBytes(host) {
            return .ipAddress(ASN1OctetString(contentBytes: ArraySlice(address)))
        }
        try validate(dnsName: host)
        return .dnsName(host.lowercased())
    }

    private static func ipAddressBytes(_ host: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }

    /// RFC 1123 host names, as TLS clients match them (RFC 6125): labels of
    /// letters, digits and hyphens, a wildcard only as the whole leftmost label.
    private static func validate(dnsName host: String) throws(CertificateAuthorityError) {
        guard !host.isEmpty else { throw .invalidHost(host, reason: "it is empty") }
        guard host.utf8.count <= 253 else { throw .invalidHost(host, reason: "it is longer than 253 characters") }
        if host.hasPrefix("[") {
            throw .invalidHost(host, reason: "give an IPv6 address without brackets, e.g. ::1")
        }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        for (index, label) in labels.enumerated() {
            if label == "*" && index == 0 && labels.count > 2 { continue }
            guard !label.isEmpty, label.utf8.count <= 63 else {
                throw .invalidHost(host, reason: "each dot-separated label must have 1 to 63 characters")
            }
            guard label.utf8.allSatisfy({ isLetterOrDigit($0) || $0 == UInt8(ascii: "-") }),
                  label.first != "-", label.last != "-"
            else {
                throw .invalidHost(host, reason: "labels hold ASCII letters, digits and inner hyphens; a wildcard must be the whole first label of a name with at least three labels")
            }
        }
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
