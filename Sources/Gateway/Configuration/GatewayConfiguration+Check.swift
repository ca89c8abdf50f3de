extension GatewayConfiguration {
    /// What would stop a gateway with this configuration from starting,
    /// short of reaching the upstream: upstream addresses that do not parse,
    /// and the TLS files, keys and password files it loads at start (read
    /// and checked the same way). Empty when none. Blocking file I/O.
    public func startupProblems() -> [String] {
        var problems: [String] = []
        for address in upstreamBootstrap where UpstreamEndpoint(parsing: address) == nil {
            problems.append("upstream.bootstrap.servers: '\(address)' is not HOST:PORT")
        }
        do {
            _ = try UpstreamConnector(security: upstreamSecurity)
        } catch {
            problems.append("upstream security: \(error)")
        }
        for listener in listeners {
            guard let tls = listener.tls else { continue }
            do {
                _ = try tls.makeServerContext()
            } catch {
                problems.append("listener \(listener.name): \(error)")
            }
        }
        return problems
    }
}
