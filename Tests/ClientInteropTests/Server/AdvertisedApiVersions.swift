import KafkaProtocol

/// The ApiVersions table the capture server advertises: every API a broker
/// serves, with the versions this codec knows, minus versions Kafka marks
/// unstable (a real broker does not advertise those, and clients would pick
/// them as the highest common version).
enum AdvertisedApiVersions {
    /// Latest versions that are unstable in the pinned schemas
    /// (`latestVersionUnstable`); nil drops the API altogether.
    private static let stableMaxVersion: [KafkaApiKey: Int16?] = [
        .endTxn: 4,
        .consumerGroupHeartbeat: 0,
        .shareGroupHeartbeat: nil,
        .shareGroupDescribe: nil,
        .shareFetch: nil,
        .shareAcknowledge: nil,
        .initializeShareGroupState: nil,
        .readShareGroupState: nil,
        .writeShareGroupState: nil,
        .deleteShareGroupState: nil,
        .readShareGroupStateSummary: nil,
    ]

    static func table(apiVersionsMaxVersion: Int16) -> [ApiVersionsResponse.ApiVersion] {
        KafkaApiKey.allCases.filter(\.isBrokerApi).compactMap { api in
            var range = api.validVersions
            if let cap = stableMaxVersion[api] {
                guard let cap else { return nil }
                range = range.lowerBound...min(range.upperBound, cap)
            }
            if api == .apiVersions {
                range = range.lowerBound...min(range.upperBound, apiVersionsMaxVersion)
            }
            return ApiVersionsResponse.ApiVersion(apiKey: api.rawValue, minVersion: range.lowerBound, maxVersion: range.upperBound)
        }
    }
}
