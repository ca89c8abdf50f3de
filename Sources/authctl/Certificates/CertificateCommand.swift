import ArgumentParser
import Foundation
import CertificateAuthority
import PolicyStore

/// `authctl cert`: certificates signed by the built-in CA.
struct CertificateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cert",
        abstract: "Issue client and server certificates signed by the built-in CA.",
        subcommands: [CertificateIssue.self]
    )
}

struct CertificateIssue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Issue a client certificate for a principal, or a server certificate for hosts.",
        discussion: """
            Writes OUT/NAME.pem (the certificate), OUT/NAME.key (its private key, PKCS#8, \
            mode 0600) and OUT/ca.pem: librdkafka's ssl.certificate.location, \
            ssl.key.location and ssl.ca.location. NAME is the principal, or "server".
            """
    )
    @OptionGroup var location: CertificateAuthorityLocation
    @Option(help: "The principal a client certificate is for: its subject is CN=PRINCIPAL.") var principal: String?
    @Option(name: .customLong("subject-extra"), help: "More subject RDNs after the CN, e.g. \"OU=payments,O=Example\".") var subjectExtra: String?
    @Flag(help: "Issue a server certificate instead, for the --host names.") var server = false
    @Option(name: .customLong("host"), help: "A DNS name or IP address the server certificate is valid for (repeat it).") var hosts: [String] = []
    @Option(help: "The directory to write the files to.") var out: String
    @Option(help: "The files' base name (default: the principal, or \"server\").") var name: String?
    @Option(help: "Days the certificate is valid.") var days = CertificateAuthority.defaultLeafValidityDays
    @Flag(help: "Replace NAME.pem and NAME.key if they exist.") var force = false

    func validate() throws {
        switch (principal, server) {
        case (nil, false): throw ValidationError("give --principal NAME for a client certificate, or --server with --host")
        case (.some, true): throw ValidationError("give either --principal or --server, not both")
        case (nil, true):
            if hosts.isEmpty { throw ValidationError("a server certificate needs at least one --host") }
            if subjectExtra != nil { throw ValidationError("--subject-extra is for client certificates") }
        case (.some, false):
            if !hosts.isEmpty { throw ValidationError("--host is for server certificates (--server)") }
        }
    }

    func run() throws {
        // A certificate for CN=ANONYMOUS would claim the identity of clients that did not authenticate.
        if let principal { try PrincipalName.requireUnreserved(principal) }
        let authority = try location.load()
        let window = try validity(days: days)
        let issued: IssuedCertificate
        let kind: String
        if let principal {
            issued = try authority.issueClientCertificate(principal: principal, subjectExtra: subjectExtra, validity: window)
            kind = "client"
        } else {
            issued = try authority.issueServerCertificate(hosts: hosts, validity: window)
            kind = "server"
        }
        let files = try offeringForce { () throws(CertificateAuthorityError) in
            try issued.write(to: out, name: name ?? principal ?? "server", overwrite: force)
        }
        print("""
            issued a \(kind) certificate for \(issued.certificate.subject)\(server ? " (hosts: \(hosts.joined(separator: ", ")))" : ""), \
            valid until \(issued.certificate.notValidAfter.ISO8601Format())
              certificate  \(files.certificate)  (ssl.certificate.location)
              private key  \(files.privateKey)  (ssl.key.location, mode 0600)
              CA           \(files.certificateAuthority)  (ssl.ca.location)
            """)
    }
}
