import ArgumentParser
import Foundation
import CertificateAuthority

/// `authctl ca`: the built-in certificate authority.
struct CertificateAuthorityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ca",
        abstract: "Manage the built-in certificate authority that signs client and server certificates.",
        discussion: """
            The CA is an ECDSA P-256 key and a self-signed certificate in DATA_DIR/ca: \
            ca.pem (give it to clients as ssl.ca.location and to listeners as their trust \
            roots) and ca.key (mode 0600; whoever reads it can mint any principal).
            """,
        subcommands: [CertificateAuthorityInit.self]
    )
}

struct CertificateAuthorityInit: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create the CA (refuses to replace an existing one).")
    @OptionGroup var location: CertificateAuthorityLocation
    @Option(help: "The CA certificate's common name.") var name = CertificateAuthority.defaultCommonName
    @Option(help: "Days the CA certificate is valid.") var days = CertificateAuthority.defaultValidityDays
    @Flag(help: "Replace an existing CA: every certificate it issued stops being trusted.") var force = false

    func run() throws {
        let window = try validity(days: days)
        let authority = try offeringForce { () throws(CertificateAuthorityError) in
            try CertificateAuthority.initialize(at: location.directory, commonName: name, validity: window, overwrite: force)
        }
        print("""
            created CA \(authority.certificate.subject), valid until \(authority.certificate.notValidAfter.ISO8601Format())
              certificate  \(location.directory)/\(CertificateAuthority.certificateFileName)
              private key  \(location.directory)/\(CertificateAuthority.privateKeyFileName) (mode 0600, keep it secret)
            """)
    }
}
