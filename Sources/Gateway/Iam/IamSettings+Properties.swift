import Foundation
import Properties

extension IamSettings {
    /// Applies `property` when it is an `iam.` setting; false for any other name.
    ///
    /// - `iam.region` (us-east-1), `iam.account.id` (000000000000),
    ///   `iam.cluster.name` (portcullis), `iam.cluster.uuid`
    ///   (00000000-0000-0000-0000-000000000000-1): the ARNs policies name
    /// - `iam.clock.skew.ms` (300000)
    /// - `iam.oauthbearer.signed.hosts` (kafka.<region>.amazonaws.com)
    /// - `iam.aws_msk_iam.signed.hosts` (none besides the listener's advertised host)
    public mutating func apply(_ property: Property) throws(ConfigurationError) -> Bool {
        switch property.name {
        case "iam.region": cluster.region = try name(property)
        case "iam.account.id":
            guard property.value.count == 12, property.value.allSatisfy(\.isASCIIDigit) else {
                throw property.error("iam.account.id is 12 digits, as AWS account ids are")
            }
            cluster.accountId = property.value
        case "iam.cluster.name": cluster.clusterName = try name(property)
        case "iam.cluster.uuid": cluster.clusterUuid = try name(property)
        case "iam.clock.skew.ms":
            let milliseconds: Int = try property.number()
            guard milliseconds >= 0 else { throw property.error("iam.clock.skew.ms must not be negative") }
            maximumClockSkew = TimeInterval(milliseconds) / 1000
        case "iam.oauthbearer.signed.hosts": oauthBearerHosts = Set(property.list.map { $0.lowercased() })
        case "iam.aws_msk_iam.signed.hosts": mskIamHosts = Set(property.list.map { $0.lowercased() })
        default: return false
        }
        return true
    }

    /// A non-empty value without `/` or `:`, which would change an ARN's shape.
    private func name(_ property: Property) throws(ConfigurationError) -> String {
        guard !property.value.isEmpty, !property.value.contains(where: { $0 == "/" || $0 == ":" || $0 == " " }) else {
            throw property.error("\(property.name) must be non-empty, without '/', ':' or spaces (it is part of ARNs)")
        }
        return property.value
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
