import SwiftASN1
import X509

/// Writes a distinguished name exactly as Java's `X500Principal.getName()` does (RFC 2253), since that
/// string is what Kafka's `ssl.principal.mapping.rules` are written against: most specific RDN first,
/// `CN=alice,OU=eng,O=Example,C=US`.
///
/// Java's conventions, which differ from OpenSSL's `-nameopt RFC2253` and from swift-certificates'
/// `description`:
/// - only CN, C, L, ST, O, OU, STREET, DC and UID are named; every other type (emailAddress, serialNumber,
///   title, …) is its dotted OID with the value as `#` and the hex of its DER encoding;
/// - `, = + < > # ; " \` are escaped with a backslash wherever they occur, NUL as `\00`, and leading or
///   trailing spaces (and carriage returns) with a backslash;
/// - a multi-valued RDN joins its values with `+` in DER order.
///
/// One deliberate difference: Java 17 decodes BMPString, UniversalString and TeletexString values as
/// UTF-8, which turns them into U+FFFD and lets different names print alike. Here they are decoded by
/// their own encoding (TeletexString as Latin-1); anything undecodable is printed as `#` and hex, which
/// never collides with a decoded value. A UTF8String with invalid bytes comes out with U+FFFD in both,
/// since swift-certificates repairs it while parsing.
public enum DistinguishedNameFormatter {
    public static func rfc2253(_ name: DistinguishedName) -> String {
        name.reversed()
            .map { relativeName in relativeName.map(rfc2253).joined(separator: "+") }
            .joined(separator: ",")
    }

    private static func rfc2253(_ attribute: RelativeDistinguishedName.Attribute) -> String {
        guard let keyword = keywords[attribute.type], let text = text(of: attribute.value) else {
            let type = keywords[attribute.type] ?? String(describing: attribute.type)
            return type + "=#" + derEncoding(of: attribute.value).map(hexDigits).joined()
        }
        return keyword + "=" + escaped(text)
    }

    /// The attribute types Java names in RFC 2253 output.
    private static let keywords: [ASN1ObjectIdentifier: String] = [
        .RDNAttributeType.commonName: "CN",
        .RDNAttributeType.countryName: "C",
        .RDNAttributeType.localityName: "L",
        .RDNAttributeType.stateOrProvinceName: "ST",
        .RDNAttributeType.organizationName: "O",
        .RDNAttributeType.organizationalUnitName: "OU",
        .RDNAttributeType.streetAddress: "STREET",
        .RDNAttributeType.domainComponent: "DC",
        [0, 9, 2342, 19_200_300, 100, 1, 1]: "UID",
    ]

    /// The value as text when it is one of the directory string types, else nil.
    private static func text(of value: RelativeDistinguishedName.Attribute.Value) -> String? {
        if let text = String(value) { return text }  // PrintableString, UTF8String, IA5String
        guard let node = try? DER.parse(derEncoding(of: value)), case .primitive(let content) = node.content else { return nil }
        switch node.identifier {
        case .teletexString, .generalString:
            return String(String.UnicodeScalarView(content.map(Unicode.Scalar.init)))
        case .bmpString:
            guard content.count.isMultiple(of: 2) else { return nil }
            let units = stride(from: content.startIndex, to: content.endIndex, by: 2).map {
                UInt16(content[$0]) << 8 | UInt16(content[$0 + 1])
            }
            return String(validating: units, as: UTF16.self)
        case .universalString:
            guard content.count.isMultiple(of: 4) else { return nil }
            var scalars = String.UnicodeScalarView()
            for offset in stride(from: content.startIndex, to: content.endIndex, by: 4) {
                let value = content[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                guard let scalar = Unicode.Scalar(value) else { return nil }
                scalars.append(scalar)
            }
            return String(scalars)
        default:
            return nil
        }
    }

    private static func derEncoding(of value: RelativeDistinguishedName.Attribute.Value) -> [UInt8] {
        var serializer = DER.Serializer()
        // Cannot fail: an ASN1Any writes the bytes it holds verbatim.
        try? serializer.serialize(ASN1Any(value))
        return serializer.serializedBytes
    }

    private static func hexDigits(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16)
        return byte < 0x10 ? "0" + digits : digits
    }

    /// Java's AVA.toRFC2253String escaping: special characters first, then leading and trailing
    /// spaces and carriage returns of the already-escaped text.
    private static func escaped(_ text: String) -> String {
        var characters: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            if #",=+<>#;"\"#.unicodeScalars.contains(scalar) {
                characters += ["\\", scalar]
            } else if scalar == "\0" {
                characters += ["\\", "0", "0"]
            } else {
                characters.append(scalar)
            }
        }
        let isPadding = { (scalar: Unicode.Scalar) in scalar == " " || scalar == "\r" }
        let lead = characters.firstIndex { !isPadding($0) } ?? characters.endIndex
        let trail = characters.lastIndex { !isPadding($0) } ?? -1
        var result = String.UnicodeScalarView()
        for (index, scalar) in characters.enumerated() {
            if index < lead || index > trail { result.append("\\") }
            result.append(scalar)
        }
        return String(result)
    }
}
