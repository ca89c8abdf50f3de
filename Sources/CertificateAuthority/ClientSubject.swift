import SwiftASN1
import X509

/// The subject of a client certificate: `CN=<principal>` followed by extra
/// RDNs written the way RFC 4514 prints them (`OU=payments,O=Example`), so
/// that `openssl x509 -subject -nameopt RFC2253` and Kafka's principal mapping
/// rules see `CN=<principal>,OU=payments,O=Example`.
enum ClientSubject {
    /// RFC 5280's upper bound for a common name.
    static let maximumPrincipalLength = 64

    static func distinguishedName(principal: String, extra: String?) throws(CertificateAuthorityError) -> DistinguishedName {
        try validate(principal: principal)
        let common = RelativeDistinguishedName.Attribute(type: .RDNAttributeType.commonName, utf8String: principal)
        let others = try attributes(of: extra ?? "")
        // Certificates store the most general RDN first; RFC 4514 text is the reverse.
        return DistinguishedName(([common] + others).reversed().map { RelativeDistinguishedName($0) })
    }

    /// A principal must come back out of the certificate unchanged: characters
    /// that RFC 4514 escapes would reach Kafka's mapping rules escaped, and a
    /// `,` would end `^CN=([^,]+)` early, so they are refused.
    static func validate(principal: String) throws(CertificateAuthorityError) {
        guard !principal.isEmpty else { throw .invalidPrincipal(principal, reason: "it is empty") }
        guard principal.count <= maximumPrincipalLength else {
            throw .invalidPrincipal(principal, reason: "it is longer than \(maximumPrincipalLength) characters")
        }
        if let bad = principal.unicodeScalars.first(where: { $0.properties.generalCategory == .control || ",+\"\\<>;=".unicodeScalars.contains($0) }) {
            throw .invalidPrincipal(principal, reason: "it contains \(String(reflecting: String(bad))), which a certificate subject would escape")
        }
        guard principal.first != " ", principal.first != "#", principal.last != " " else {
            throw .invalidPrincipal(principal, reason: "it starts with a space or # or ends with a space")
        }
    }

    /// Parses `TYPE=value,TYPE=value` (RFC 4514 order, `\` escapes the next
    /// character). CN is the principal's; multi-valued RDNs (`+`) are refused.
    static func attributes(of text: String) throws(CertificateAuthorityError) -> [RelativeDistinguishedName.Attribute] {
        guard !text.isEmpty else { return [] }
        var result: [RelativeDistinguishedName.Attribute] = []
        for component in try components(of: text) {
            guard let equals = component.firstIndex(where: { $0 == (character: "=", escaped: false) }) else {
                throw .invalidSubject(text, reason: "\(String(component.map(\.character))) is not TYPE=value")
            }
            let type = String(component[..<equals].map(\.character)).trimmingSpaces().uppercased()
            let value = component[component.index(after: equals)...]
            let escapedTrimmed = value.drop { $0 == (" ", false) }.reversed().drop { $0 == (" ", false) }.reversed()
            let string = String(escapedTrimmed.map(\.character))
            guard !string.isEmpty else { throw .invalidSubject(text, reason: "\(type) has no value") }
            guard !escapedTrimmed.contains(where: { $0 == ("+", false) }) else {
                throw .invalidSubject(text, reason: "multi-valued RDNs (+) are not supported; escape a literal + as \\+")
            }
            result.append(try attribute(type: type, value: string, text: text))
        }
        return result
    }

    private static func attribute(type: String, value: String, text: String) throws(CertificateAuthorityError) -> RelativeDistinguishedName.Attribute {
        switch type {
        case "CN":
            throw .invalidSubject(text, reason: "CN is the principal; give only the other RDNs, e.g. OU=payments,O=Example")
        case "C":
            guard value.count == 2, value.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw .invalidSubject(text, reason: "C must be a two-letter country code")
            }
            do {
                return try .init(type: .RDNAttributeType.countryName, printableString: value.uppercased())
            } catch {
                throw .invalidSubject(text, reason: "C must be a two-letter country code")
            }
        case "O": return .init(type: .RDNAttributeType.organizationName, utf8String: value)
        case "OU": return .init(type: .RDNAttributeType.organizationalUnitName, utf8String: value)
        case "L": return .init(type: .RDNAttributeType.localityName, utf8String: value)
        case "ST": return .init(type: .RDNAttributeType.stateOrProvinceName, utf8String: value)
        case "STREET": return .init(type: .RDNAttributeType.streetAddress, utf8String: value)
        case "DC":
            do {
                return try .init(type: .RDNAttributeType.domainComponent, ia5String: value)
            } catch {
                throw .invalidSubject(text, reason: "DC must be ASCII")
            }
        default:
            throw .invalidSubject(text, reason: "unsupported attribute type \(String(reflecting: type)); use O, OU, L, ST, C, STREET or DC")
        }
    }

    /// Splits at unescaped commas, keeping for each character whether it was escaped.
    private static func components(of text: String) throws(CertificateAuthorityError) -> [[(character: Character, escaped: Bool)]] {
        var components: [[(character: Character, escaped: Bool)]] = [[]]
        var escaping = false
        for character in text {
            guard !character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw .invalidSubject(text, reason: "it contains a control character")
            }
            if escaping {
                components[components.count - 1].append((character, true))
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == "," {
                components.append([])
            } else {
                components[components.count - 1].append((character, false))
            }
        }
        guard !escaping else { throw .invalidSubject(text, reason: "it ends with a lone \\") }
        return components
    }
}

private extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
