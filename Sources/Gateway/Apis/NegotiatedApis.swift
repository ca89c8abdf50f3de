import KafkaProtocol

/// What a client may send through the gateway: for each forwarded API, the
/// versions both the gateway and the upstream serve, plus the gateway's own
/// (version negotiation, SASL, and the ACL and SCRAM credential APIs it
/// answers from its policy store).
/// ApiVersions advertises exactly this, and a request outside it is refused
/// without reaching the upstream.
struct NegotiatedApis: Sendable, Equatable {
    private(set) var versions: [KafkaApiKey: ClosedRange<Int16>]

    /// Intersects the gateway's forwarding table with what an upstream
    /// advertised in its ApiVersions response.
    init(upstream: [ApiVersionsResponse.ApiVersion]) {
        var versions = LocalApis.versions.merging(PolicyAdministration.versions) { local, _ in local }
        for advertised in upstream {
            guard let api = KafkaApiKey(rawValue: advertised.apiKey),
                  let gatewayMaximum = ForwardedApis.maximumVersions[api]
            else { continue }
            let lower = max(advertised.minVersion, api.validVersions.lowerBound)
            let upper = min(advertised.maxVersion, gatewayMaximum)
            if lower <= upper { versions[api] = lower...upper }
        }
        self.versions = versions
    }

    func allows(_ api: KafkaApiKey, version: Int16) -> Bool {
        versions[api]?.contains(version) ?? false
    }

    /// The table as an ApiVersions response lists it, in API key order.
    var advertised: [ApiVersionsResponse.ApiVersion] {
        versions.sorted { $0.key.rawValue < $1.key.rawValue }.map {
            ApiVersionsResponse.ApiVersion(apiKey: $0.key.rawValue, minVersion: $0.value.lowerBound, maxVersion: $0.value.upperBound)
        }
    }
}
