import CertificateAuthority
import Foundation
import XCTest

/// Principals, subjects, hosts and validity windows that are refused, each with its reason.
final class IssuingInputTests: XCTestCase {
    private var authority: CertificateAuthority!

    override func setUpWithError() throws { authority = try CertificateAuthority.generate(validity: .days(30)) }

    private func assertClientRefused(
        principal: String, extra: String? = nil, validity: CertificateValidity = .days(1),
        file: StaticString = #filePath, line: UInt = #line, _ check: (CertificateAuthorityError) -> Bool
    ) {
        XCTAssertThrowsError(try authority.issueClientCertificate(principal: principal, subjectExtra: extra, validity: validity), file: file, line: line) { error in
            guard let error = error as? CertificateAuthorityError, check(error) else { return XCTFail("unexpected \(error)", file: file, line: line) }
        }
    }

    func testPrincipalsThatWouldNotMapBackAreRefused() {
        for principal in ["", "a,b", "a+b", "a=b", "quote\"d", "back\\slash", "<a>", "semi;colon", "tab\there", "new\nline",
                          " leading", "trailing ", "#hash", String(repeating: "x", count: 65)] {
            assertClientRefused(principal: principal) { if case .invalidPrincipal(principal, _) = $0 { true } else { false } }
        }
    }

    func testOrdinaryPrincipalsAreAccepted() throws {
        for principal in ["alice", "svc-orders.prod", "alice@example.com", "Zoë Müller", "a b", String(repeating: "x", count: 64)] {
            let issued = try authority.issueClientCertificate(principal: principal, validity: .days(1))
            XCTAssertEqual(issued.certificate.subject.description, "CN=\(principal)")
        }
    }

    func testSubjectExtrasThatAreRefused() {
        let cases: [(String, String)] = [
            ("CN=bob", "CN is the principal"), ("OU", "is not TYPE=value"), ("OU=", "has no value"), ("OU=a,", "is not TYPE=value"),
            ("XX=y", "unsupported attribute type"), ("C=USA", "two-letter"), ("C=1x", "two-letter"), ("OU=a+O=b", "multi-valued"),
            ("OU=a\\", "lone \\"), ("OU=a\u{7}", "control character"), ("DC=é", "ASCII"),
        ]
        for (extra, reason) in cases {
            assertClientRefused(principal: "alice", extra: extra) {
                if case .invalidSubject(extra, let why) = $0 { why.contains(reason) } else { false }
            }
        }
    }

    func testSubjectExtrasInRFC4514Order() throws {
        let issued = try authority.issueClientCertificate(principal: "alice", subjectExtra: "ou=a\\+b , L=Berlin,ST=BE,STREET=Main St,DC=example,DC=com", validity: .days(1))
        XCTAssertEqual(issued.certificate.subject.description, "CN=alice,OU=a\\+b,L=Berlin,ST=BE,STREET=Main St,DC=example,DC=com")
        XCTAssertEqual(try authority.issueClientCertificate(principal: "alice", subjectExtra: "", validity: .days(1)).certificate.subject.description, "CN=alice")
    }

    func testHostsThatAreRefused() {
        for host in ["", "[::1]", "exa mple.com", "-bad.example", "bad-.example", "a..b", "*.com", "foo.*.example", "under_score.example",
                     String(repeating: "a", count: 64) + ".example", "127.0.0.1:9094"] {
            XCTAssertThrowsError(try authority.issueServerCertificate(hosts: ["localhost", host]), host) { error in
                guard case .invalidHost(host, _)? = error as? CertificateAuthorityError else { return XCTFail("\(host): \(error)") }
            }
        }
        XCTAssertThrowsError(try authority.issueServerCertificate(hosts: [])) { error in
            guard case .invalidHost(_, let reason)? = error as? CertificateAuthorityError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("at least one host"))
        }
    }

    func testValidityWindowsThatAreRefused() {
        let now = Date()
        let backwards = CertificateValidity(notBefore: now, notAfter: now.addingTimeInterval(-1))
        let pastTheCA = CertificateValidity.days(31)
        let beyondX509 = CertificateValidity(notBefore: Date(timeIntervalSince1970: -1_000_000_000), notAfter: now)
        for (validity, reason) in [(backwards, "is not before"), (pastTheCA, "outlive the CA"), (beyondX509, "between 1950 and 9999")] {
            assertClientRefused(principal: "alice", validity: validity) {
                if case .invalidValidity(let why) = $0 { why.contains(reason) } else { false }
            }
        }
        XCTAssertThrowsError(try CertificateAuthority.generate(validity: .days(3_000_000)))
    }

    func testErrorsDescribeThemselves() {
        XCTAssertEqual(
            CertificateAuthorityError.alreadyExists(path: "/d/ca/ca.key").description,
            "/d/ca/ca.key already exists; refusing to replace it"
        )
        XCTAssertEqual(
            CertificateAuthorityError.insecurePermissions(path: "/d/ca/ca.key", mode: 0o644).description,
            "private key /d/ca/ca.key has mode 0644; it must be accessible by its owner only (chmod 600)"
        )
        XCTAssertEqual(CertificateAuthorityError.invalidPrincipal("a,b", reason: "r").description, "invalid principal \"a,b\": r")
    }
}
