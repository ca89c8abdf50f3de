import Audit
import Authentication
import Authorization
import Foundation
import LogDelivery
import Observability
import Properties

/// The gateway's configuration file, in Kafka's `server.properties` format
/// with Kafka's names where Kafka has one (documented in docs/gateway.md).
/// Listener-specific settings take the `listener.name.<name>.` prefix, as in
/// Kafka; an unknown name or a bad value is an error.
extension GatewayConfiguration {
    public init(properties text: String) throws(ConfigurationError) {
        var settings = GatewaySettings()
        for property in try PropertiesFile.parse(text) {
            try settings.apply(property)
        }
        self = try settings.configuration()
    }
}

/// The file's settings as written, before they are turned into listeners.
private struct GatewaySettings {
    var listeners: [Property] = []
    var protocolMap: [String: String] = [:]
    var advertisedHost: String?
    var upstream: [String] = []
    var upstreamSettings: [String: Property] = [:]
    var limits = GatewayLimits()
    var authorization = AuthorizationSettings()
    var audit = AuditConfiguration()
    var metrics = MetricsSettings()
    var logDelivery = LogDeliveryConfiguration()
    var quotas = QuotaSettings()
    var serviceLog = ServiceLogSettings()
    /// Settings that apply to every listener unless a `listener.name.` one overrides them.
    var shared: [String: Property] = [:]
    var perListener: [String: [String: Property]] = [:]

    static let listenerSettings: Set<String> = [
        "ssl.certificate.location", "ssl.key.location", "ssl.ca.location", "ssl.client.auth",
        "ssl.principal.mapping.rules", "sasl.enabled.mechanisms", "allowed.cidrs", "node.port.base",
        "allow.anonymous",
    ]

    mutating func apply(_ property: Property) throws(ConfigurationError) {
        if try audit.apply(property) { return }
        if try metrics.apply(property) { return }
        if try logDelivery.apply(property) { return }
        if try serviceLog.apply(property) { return }
        if try authorization.iam.apply(property) { return }
        if try quotas.apply(property) { return }
        switch property.name {
        case "listeners": listeners = property.list.map { Property(line: property.line, name: "listeners", value: $0) }
        case "listener.security.protocol.map":
            for entry in property.list {
                let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw property.error("expected NAME:PROTOCOL, got '\(entry)'") }
                protocolMap[parts[0].uppercased()] = parts[1].uppercased()
            }
        case "advertised.host": advertisedHost = property.value
        case "upstream.bootstrap.servers": upstream = property.list
        case "upstream.security.protocol", "upstream.ssl.ca.location", "upstream.ssl.certificate.location",
             "upstream.ssl.key.location", "upstream.ssl.endpoint.identification.algorithm",
             "upstream.sasl.mechanism", "upstream.sasl.username", "upstream.sasl.password.file":
            upstreamSettings[property.name] = property
        case "sasl.server.max.receive.size": limits.unauthenticatedMaximumFrame = try property.number()
        case "socket.request.max.bytes": limits.maximumRequestSize = try property.number()
        case "authentication.timeout.ms": limits.authenticationTimeout = .milliseconds(try property.number())
        case "queued.max.request.bytes": limits.maximumBufferedRequestBytes = try property.number()
        case "connection.max.pending.response.bytes": limits.maximumPendingResponseBytes = try property.number()
        case "connections.max.reauth.ms":
            let milliseconds: Int64 = try property.number()
            limits.sessionLifetime = milliseconds > 0 ? .milliseconds(milliseconds) : nil
        case "super.users":
            do {
                authorization.superUsers = try AuthorizationSettings.superUsers(parsing: property.value)
            } catch {
                throw property.error("\(error)")
            }
        case "allow.everyone.if.no.acl.found": authorization.allowEveryoneIfNoAclFound = try property.flag()
        case let name where Self.listenerSettings.contains(name):
            shared[name] = property
        case let name where name.hasPrefix("listener.name."):
            let rest = name.dropFirst("listener.name.".count)
            guard let dot = rest.firstIndex(of: "."), Self.listenerSettings.contains(String(rest[rest.index(after: dot)...])) else {
                throw property.unknown
            }
            perListener[rest[..<dot].uppercased(), default: [:]][String(rest[rest.index(after: dot)...])] = property
        default:
            throw property.unknown
        }
    }

    func configuration() throws(ConfigurationError) -> GatewayConfiguration {
        guard !listeners.isEmpty else { throw ConfigurationError(line: 0, message: "listeners is not set") }
        guard !upstream.isEmpty else { throw ConfigurationError(line: 0, message: "upstream.bootstrap.servers is not set") }
        guard limits.maximumBufferedRequestBytes >= limits.maximumRequestSize else {
            throw ConfigurationError(line: 0, message: "queued.max.request.bytes must be at least socket.request.max.bytes, or no request that large could be read")
        }
        var result: [GatewayListenerConfiguration] = []
        for entry in listeners {
            result.append(try listener(entry))
        }
        var configuration = GatewayConfiguration(
            listeners: result, upstreamBootstrap: upstream, upstreamSecurity: try upstreamSecurity(), limits: limits
        )
        configuration.authorization = authorization
        configuration.audit = audit
        configuration.metrics = metrics
        configuration.logDelivery = logDelivery
        configuration.quotas = quotas
        configuration.serviceLog = serviceLog
        return configuration
    }

    /// `upstream.security.protocol` and the `upstream.ssl.*` / `upstream.sasl.*` settings it needs.
    private func upstreamSecurity() throws(ConfigurationError) -> UpstreamSecurity {
        let securityProtocol = upstreamSettings["upstream.security.protocol"]
        let name = securityProtocol?.value.uppercased() ?? "PLAINTEXT"
        var security = UpstreamSecurity()
        func required(_ key: String) throws(ConfigurationError) -> Property {
            guard let property = upstreamSettings[key] else {
                throw (securityProtocol ?? Property(line: 0, name: key, value: "")).error("upstream.security.protocol=\(name) needs \(key)")
            }
            return property
        }
        switch name {
        case "PLAINTEXT", "SASL_PLAINTEXT": break
        case "SSL", "SASL_SSL":
            let certificate = upstreamSettings["upstream.ssl.certificate.location"]
            let key = upstreamSettings["upstream.ssl.key.location"]
            guard (certificate == nil) == (key == nil) else {
                throw (certificate ?? key)!.error("upstream.ssl.certificate.location and upstream.ssl.key.location go together")
            }
            let algorithm = upstreamSettings["upstream.ssl.endpoint.identification.algorithm"]
            guard algorithm == nil || ["https", ""].contains(algorithm!.value) else {
                throw algorithm!.error("upstream.ssl.endpoint.identification.algorithm must be https or empty")
            }
            security.tls = UpstreamSecurity.TLS(
                caPath: try required("upstream.ssl.ca.location").value,
                certificatePath: certificate?.value, privateKeyPath: key?.value,
                verifyHostname: algorithm?.value != ""
            )
        default:
            throw securityProtocol!.error("unknown upstream security protocol '\(securityProtocol!.value)'")
        }
        if name.hasPrefix("SASL_") {
            let mechanism = try required("upstream.sasl.mechanism")
            guard let scram = ScramMechanism(rawValue: mechanism.value) else {
                throw mechanism.error("unsupported upstream SASL mechanism '\(mechanism.value)': use SCRAM-SHA-512 or SCRAM-SHA-256")
            }
            security.sasl = UpstreamSecurity.SASL(
                mechanism: scram, username: try required("upstream.sasl.username").value,
                passwordFile: try required("upstream.sasl.password.file").value
            )
        }
        return security
    }

    /// One `NAME://host:port` entry of `listeners`.
    private func listener(_ entry: Property) throws(ConfigurationError) -> GatewayListenerConfiguration {
        guard let separator = entry.value.range(of: "://") else {
            throw entry.error("a listener is NAME://HOST:PORT, got '\(entry.value)'")
        }
        let name = entry.value[..<separator.lowerBound].uppercased()
        guard let address = UpstreamEndpoint(parsing: String(entry.value[separator.upperBound...])) else {
            throw entry.error("a listener is NAME://HOST:PORT, got '\(entry.value)'")
        }
        let securityProtocol = protocolMap[name] ?? name
        func setting(_ key: String) -> Property? { perListener[name]?[key] ?? shared[key] }

        let clientAuth = try clientAuthentication(setting("ssl.client.auth"), securityProtocol: securityProtocol)
        let tls: ListenerTLSSettings?
        switch securityProtocol {
        case "SSL", "SASL_SSL":
            guard let certificate = setting("ssl.certificate.location"), let key = setting("ssl.key.location") else {
                throw entry.error("listener \(name) needs ssl.certificate.location and ssl.key.location")
            }
            let clientCA = setting("ssl.ca.location")
            if clientAuth != .none, clientCA == nil {
                throw entry.error("listener \(name) asks for client certificates but ssl.ca.location is not set")
            }
            tls = ListenerTLSSettings(
                certificateChainPath: certificate.value, privateKeyPath: key.value,
                clientCAPath: clientCA?.value, clientAuthentication: clientAuth
            )
        case "PLAINTEXT", "SASL_PLAINTEXT":
            tls = nil
        default:
            throw entry.error("unknown security protocol '\(securityProtocol)' for listener \(name)")
        }

        let allowsAnonymous = try setting("allow.anonymous")?.flag() ?? false
        let authentication = try listenerAuthentication(
            name: name, securityProtocol: securityProtocol, clientAuth: clientAuth, allowsAnonymous: allowsAnonymous,
            host: address.host, entry: entry, rules: setting("ssl.principal.mapping.rules"),
            mechanisms: setting("sasl.enabled.mechanisms")
        )

        let allowList: CIDRAllowList
        if let cidrs = setting("allowed.cidrs") {
            do {
                allowList = try CIDRAllowList(parsing: cidrs.list)
            } catch {
                throw cidrs.error("allowed.cidrs: \(error)")
            }
        } else {
            allowList = .everyAddress
        }
        return GatewayListenerConfiguration(
            name: name, host: address.host, port: address.port,
            advertisedHost: advertisedHost ?? address.host,
            nodePortBase: try setting("node.port.base")?.number(),
            authentication: authentication, tls: tls, allowedClients: allowList, allowsAnonymous: allowsAnonymous
        )
    }

    /// How a listener's clients prove who they are. Anonymous access exists
    /// only where `allow.anonymous=true` says so: a listener that would
    /// otherwise authenticate no one is a configuration error, not an open door.
    private func listenerAuthentication(
        name: String, securityProtocol: String, clientAuth: ListenerTLSSettings.ClientAuthentication,
        allowsAnonymous: Bool, host: String, entry: Property, rules: Property?, mechanisms: Property?
    ) throws(ConfigurationError) -> ListenerAuthentication {
        switch securityProtocol {
        case "SSL" where clientAuth != .none:
            if allowsAnonymous, clientAuth == .required {
                throw entry.error("listener \(name): allow.anonymous needs ssl.client.auth=requested or none (required admits no one without a certificate)")
            }
            do {
                return .certificate(
                    try rules.map { try PrincipalMappingRules(parsing: $0.value) } ?? .default,
                    required: clientAuth == .required
                )
            } catch {
                throw (rules ?? entry).error("ssl.principal.mapping.rules: \(error)")
            }
        case "SSL", "PLAINTEXT":
            guard allowsAnonymous else {
                throw entry.error("listener \(name) authenticates no one: set allow.anonymous=true to serve every client as User:ANONYMOUS\(securityProtocol == "SSL" ? ", or ssl.client.auth=required or requested" : "")")
            }
            guard securityProtocol == "SSL" || Self.isLoopback(host) else {
                throw entry.error("PLAINTEXT listeners are for development and bind to loopback only, not \(host)")
            }
            return .anonymous
        default:
            if allowsAnonymous {
                throw entry.error("listener \(name): allow.anonymous is for SSL and PLAINTEXT listeners; SASL listeners authenticate every client")
            }
            return .sasl(try self.mechanisms(mechanisms))
        }
    }

    /// `ssl.client.auth` in Kafka's words; an SSL listener requires certificates
    /// unless told otherwise (MSK's port 9094 convention).
    private func clientAuthentication(_ property: Property?, securityProtocol: String) throws(ConfigurationError) -> ListenerTLSSettings.ClientAuthentication {
        guard let property else { return securityProtocol == "SSL" ? .required : .none }
        switch property.value {
        case "required": return .required
        case "requested": return .optional
        case "none": return .none
        default: throw property.error("ssl.client.auth must be required, requested or none")
        }
    }

    private func mechanisms(_ property: Property?) throws(ConfigurationError) -> [SaslMechanism] {
        guard let property else { return [.scram(.sha512), .scram(.sha256)] }
        var mechanisms: [SaslMechanism] = []
        for name in property.list {
            guard let mechanism = SaslMechanism(name: name) else {
                throw property.error("unsupported SASL mechanism '\(name)': use \(SaslMechanism.supportedNames.joined(separator: ", "))")
            }
            mechanisms.append(mechanism)
        }
        guard !mechanisms.isEmpty else { throw property.error("sasl.enabled.mechanisms is empty") }
        return mechanisms
    }

    /// A loopback IP address, or `localhost` (which RFC 6761 reserves for loopback).
    /// Any other name is not loopback, whatever it starts with.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || IPAddress(host)?.isLoopback == true
    }
}
