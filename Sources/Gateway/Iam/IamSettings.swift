import Authentication
import Authorization
import Foundation

/// The gateway's IAM settings (`iam.*`): which cluster its ARNs name, the
/// region tokens are signed for, and how much it trusts a client's clock.
public struct IamSettings: Sendable, Equatable {
    /// Region, account id, cluster name and uuid: the ARNs policies name
    /// (`iam.region`, `iam.account.id`, `iam.cluster.name`, `iam.cluster.uuid`).
    public var cluster = IamClusterIdentity()
    /// `iam.clock.skew.ms`: how far in the future a token's signing time may be.
    public var maximumClockSkew: TimeInterval = 300
    /// `iam.oauthbearer.signed.hosts`: the hosts an OAUTHBEARER token may be
    /// signed for; empty means AWS's signer's own, `kafka.<region>.amazonaws.com`.
    public var oauthBearerHosts: Set<String> = []
    /// `iam.aws_msk_iam.signed.hosts`: hosts an AWS_MSK_IAM payload may be
    /// signed for besides the listener's advertised host (the name clients
    /// connect to, which AWS's Java library and kafka-python sign).
    public var mskIamHosts: Set<String> = []

    public init() {}

    var verification: IamVerificationSettings {
        IamVerificationSettings(region: cluster.region, maximumClockSkew: maximumClockSkew)
    }

    /// The hosts a token of `kind` may name, on a listener advertised as `advertisedHost`.
    func acceptedHosts(for kind: IamTokenKind, advertisedHost: String) -> Set<String> {
        switch kind {
        case .oauthBearer: oauthBearerHosts.isEmpty ? [verification.serviceHost] : oauthBearerHosts
        case .mskIam: mskIamHosts.union([advertisedHost])
        }
    }
}
