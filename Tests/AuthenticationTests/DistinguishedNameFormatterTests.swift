import Authentication
import Crypto
import Foundation
import SwiftASN1
import X509
import XCTest

/// Expected strings are what Java 17's `X500Principal.getName()` printed for the same DER (checked by hand
/// with certificates made by OpenSSL and with hand-made DER), since Kafka's mapping rules see that string.
final class DistinguishedNameFormatterTests: XCTestCase {
    private typealias Attribute = RelativeDistinguishedName.Attribute
    private typealias AttributeType = ASN1ObjectIdentifier.RDNAttributeType

    private func name(_ rdns: [Attribute]...) -> DistinguishedName {
        DistinguishedName(rdns.map { RelativeDistinguishedName($0) })
    }

    private func commonName(_ value: String) -> DistinguishedName {
        name([Attribute(type: AttributeType.commonName, utf8String: value)])
    }

    /// An attribute whose value is `tag` with `content`, for the string types swift-certificates keeps opaque.
    private func attribute(_ type: ASN1ObjectIdentifier, tag: UInt8, content: [UInt8]) throws -> Attribute {
        precondition(content.count < 128)
        return Attribute(type: type, value: try ASN1Any(derEncoded: DER.parse([tag, UInt8(content.count)] + content)))
    }

    func testMostSpecificRDNComesFirst() throws {
        let subject = try DistinguishedName {
            CountryName("US")
            OrganizationName("Example")
            OrganizationalUnitName("eng")
            CommonName("alice")
        }
        XCTAssertEqual(DistinguishedNameFormatter.rfc2253(subject), "CN=alice,OU=eng,O=Example,C=US")
    }

    func testSpecialCharactersAreEscapedWhereverTheyAre() {
        XCTAssertEqual(DistinguishedNameFormatter.rfc2253(commonName(#"a,b+c"d\e<f>g;h=i#j"#)), ##"CN=a\,b\+c\"d\\e\<f\>g\;h\=i\#j"##)
        XCTAssertEqual(DistinguishedNameFormatter.rfc2253(commonName("a#b = c")), ##"CN=a\#b \= c"##)
    }

    func testLeadingAndTrailingSpacesAndHashAreEscaped() {
        let subject = name(
            [Attribute(type: AttributeType.commonName, utf8String: "#lead")],
            [Attribute(type: AttributeType.organizationName, utf8String: " space both ")],
            [Attribute(type: AttributeType.organizationalUnitName, utf8String: "trail ")]
        )
        XCTAssertEqual(DistinguishedNameFormatter.rfc2253(subject), ##"OU=trail\ ,O=\ space both\ ,CN=\#lead"##)
        XCTAssertEqual(DistinguishedNameFormatter.rfc2253(commonName("  ")), #"CN=\ \ "#)
        XCTAssertEqual(DistinguishedNameFormatter.rfc2253(commonName("\rx\r")), "CN=\\\rx\\\r")
        XCTAssertEqual(DistinguishedNameFormatter.rfc2253(commonName("a\0b")), #"CN=a\00b"#)
        XCTAssertEqual(DistinguishedNameFormatter.rfc2253(commonName("")), "CN=")
    }

    func testMultiValuedRDNJoinsWithPlusInDEROrder() {
        let subject = name(
            [Attribute(type: AttributeType.countryName, utf8String: "US")],
            [Attribute(type: [0, 9, 2342, 19_200_300, 100, 1, 1], utf8String: "42"), Attribute(type: AttributeType.commonName, utf8String: "alice")]
        )
        XCTAssertEqual(DistinguishedNameFormatter.rfc2253(subject), "CN=alice+UID=42,C=US")
    }

    func testOnlyJavasKeywordsAreNamedAndOtherTypesAreHexEncoded() throws {
        let subject = name(
            [try Attribute(type: AttributeType.emailAddress, ia5String: "john@example.com")],
            [try Attribute(type: [2, 5, 4, 5], printableString: "123")],
            [Attribute(type: [2, 5, 4, 12], utf8String: "Boss")],
            [try Attribute(type: AttributeType.domainComponent, ia5String: "com")],
            [try Attribute(type: AttributeType.domainComponent, ia5String: "example")],
            [Attribute(type: AttributeType.streetAddress, utf8String: "1 Main St")],
            [Attribute(type: AttributeType.localityName, utf8String: "Town")],
            [Attribute(type: AttributeType.stateOrProvinceName, utf8String: "State")],
            [Attribute(type: AttributeType.commonName, utf8String: "x")]
        )
        XCTAssertEqual(
            DistinguishedNameFormatter.rfc2253(subject),
            "CN=x,ST=State,L=Town,STREET=1 Main St,DC=example,DC=com,2.5.4.12=#0c04426f7373,2.5.4.5=#1303313233,"
                + "1.2.840.113549.1.9.1=#16106a6f686e406578616d706c652e636f6d"
        )
    }

    func testNonStringValueOfANamedTypeIsHexEncoded() throws {
        let subject = DistinguishedName([RelativeDistinguishedName(try attribute(AttributeType.commonName, tag: 0x02, content: [0x05]))])
        XCTAssertEqual(DistinguishedNameFormatter.rfc2253(subject), "CN=#020105")
    }

    func testNonASCIIIsWrittenAsIs() {
        let subject = name(
            [Attribute(type: AttributeType.commonName, utf8String: "José Ünïcödé")],
            [Attribute(type: AttributeType.organizationName, utf8String: "日本")]
        )
        XCTAssertEqual(DistinguishedNameFormatter.rfc2253(subject), "O=日本,CN=José Ünïcödé")
    }

    /// Where Java 17 decodes these as UTF-8 into U+FFFD, each is decoded by its own encoding.
    func testLegacyStringTypesAreDecodedByTheirOwnEncoding() throws {
        let bmp = try attribute(AttributeType.commonName, tag: 0x1E, content: [0x65, 0xE5, 0x67, 0x2C, 0x00, 0x78])
        XCTAssertEqual(DistinguishedNameFormatter.rfc2253(DistinguishedName([RelativeDistinguishedName(bmp)])), "CN=日本x")
        let teletex = try attribute(AttributeType.commonName, tag: 0x14, content: [0x5A, 0x6F, 0xEB, 0x2C, 0x20, 0x78])
        XCTAssertEqual(DistinguishedNameFormatter.rfc2253(DistinguishedName([RelativeDistinguishedName(teletex)])), #"CN=Zoë\, x"#)
        let universal = try attribute(AttributeType.commonName, tag: 0x1C, content: [0, 0, 0, 0x61, 0, 0x01, 0xF6, 0x00])
        XCTAssertEqual(DistinguishedNameFormatter.rfc2253(DistinguishedName([RelativeDistinguishedName(universal)])), "CN=a😀")
    }

    func testUndecodableStringsAreHexEncodedRatherThanGuessed() throws {
        let oddBMP = try attribute(AttributeType.commonName, tag: 0x1E, content: [0x00, 0x61, 0x00])
        XCTAssertEqual(DistinguishedNameFormatter.rfc2253(DistinguishedName([RelativeDistinguishedName(oddBMP)])), "CN=#1e03006100")
        let loneSurrogate = try attribute(AttributeType.commonName, tag: 0x1E, content: [0xD8, 0x00])
        XCTAssertEqual(DistinguishedNameFormatter.rfc2253(DistinguishedName([RelativeDistinguishedName(loneSurrogate)])), "CN=#1e02d800")
        // swift-certificates repairs a UTF8String when it parses it, as Java does when it prints it.
        let badUTF8 = try attribute(AttributeType.commonName, tag: 0x0C, content: [0xC3, 0x28])
        XCTAssertEqual(DistinguishedNameFormatter.rfc2253(DistinguishedName([RelativeDistinguishedName(badUTF8)])), "CN=\u{FFFD}(")
        let beyondUnicode = try attribute(AttributeType.commonName, tag: 0x1C, content: [0x00, 0x11, 0x00, 0x00])
        XCTAssertEqual(DistinguishedNameFormatter.rfc2253(DistinguishedName([RelativeDistinguishedName(beyondUnicode)])), "CN=#1c0400110000")
    }

    func testEmptyNameIsEmpty() {
        XCTAssertEqual(DistinguishedNameFormatter.rfc2253(DistinguishedName()), "")
    }

    /// Through a real certificate, and against OpenSSL for a name on which Java and OpenSSL agree.
    func testCertificateSubjectAgreesWithOpenSSL() throws {
        let subject = try DistinguishedName {
            CountryName("US")
            OrganizationName("Example, Inc.")
            OrganizationalUnitName(" eng+ops ")
            CommonName(#"alice "the admin" <a\b>; x"#)
        }
        let key = P256.Signing.PrivateKey()
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: Date(), notValidAfter: Date() + 3600, issuer: subject, subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256, extensions: Certificate.Extensions(), issuerPrivateKey: .init(key)
        )
        let expected = #"CN=alice \"the admin\" \<a\\b\>\; x,OU=\ eng\+ops\ ,O=Example\, Inc.,C=US"#
        XCTAssertEqual(certificate.subjectRFC2253, expected)
        XCTAssertEqual(try openSSLSubject(of: certificate), expected)
    }

    private func openSSLSubject(of certificate: Certificate) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "x509", "-noout", "-subject", "-nameopt", "RFC2253"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(try certificate.serializeAsPEM().pemString.utf8))
        try input.fileHandleForWriting.close()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        return String(printed.trimmingCharacters(in: .newlines).dropFirst("subject=".count))
    }
}
