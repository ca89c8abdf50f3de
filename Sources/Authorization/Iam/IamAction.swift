/// The actions of MSK's IAM access control for the Kafka APIs (service
/// prefix `kafka-cluster`), with the resource type each applies to and the
/// actions AWS's table ("Semantics of IAM authorization policy actions and
/// resources") says must be allowed with it.
///
/// How the gateway uses the required actions: a request needing action A on
/// resource R is allowed only if A and its companions of the SAME resource
/// type (`sameResourceCompanions`) are allowed on R — WriteData on topic T
/// also needs DescribeTopic on T, AlterGroup on group G needs DescribeGroup
/// on G. Companions of another resource type cannot be tied to R (which
/// group goes with a ReadData?): Connect is checked on the cluster ARN at
/// authentication and again with every request; AlterGroup for ReadData,
/// WriteData for WriteDataIdempotently and AlterTransactionalId are what the
/// client will need anyway, and its other requests (JoinGroup,
/// OffsetCommit, Produce) check them on their own resources.
public enum IamAction: String, CaseIterable, Sendable, Hashable, Comparable, CustomStringConvertible {
    case connect = "Connect"
    case describeCluster = "DescribeCluster"
    case alterCluster = "AlterCluster"
    case describeClusterDynamicConfiguration = "DescribeClusterDynamicConfiguration"
    case alterClusterDynamicConfiguration = "AlterClusterDynamicConfiguration"
    case writeDataIdempotently = "WriteDataIdempotently"
    case createTopic = "CreateTopic"
    case describeTopic = "DescribeTopic"
    case alterTopic = "AlterTopic"
    case deleteTopic = "DeleteTopic"
    case readData = "ReadData"
    case writeData = "WriteData"
    case describeTopicDynamicConfiguration = "DescribeTopicDynamicConfiguration"
    case alterTopicDynamicConfiguration = "AlterTopicDynamicConfiguration"
    case alterGroup = "AlterGroup"
    case describeGroup = "DescribeGroup"
    case deleteGroup = "DeleteGroup"
    case describeTransactionalId = "DescribeTransactionalId"
    case alterTransactionalId = "AlterTransactionalId"

    public static let servicePrefix = "kafka-cluster"

    /// `kafka-cluster:WriteData`, as policies spell it.
    public var qualifiedName: String { Self.servicePrefix + ":" + rawValue }

    public var description: String { qualifiedName }

    /// Parses `kafka-cluster:WriteData` (case-insensitively, as IAM
    /// compares actions); nil for anything else.
    public init?(qualifiedName: String) {
        guard let index = Self.foldedNames.firstIndex(of: qualifiedName.lowercased()) else { return nil }
        self = Self.allCases[index]
    }

    /// The resource type the action is granted on (AWS's "Required resources").
    public var resourceType: AclResourceType {
        switch self {
        case .connect, .describeCluster, .alterCluster, .describeClusterDynamicConfiguration,
            .alterClusterDynamicConfiguration, .writeDataIdempotently:
            .cluster
        case .createTopic, .describeTopic, .alterTopic, .deleteTopic, .readData, .writeData,
            .describeTopicDynamicConfiguration, .alterTopicDynamicConfiguration:
            .topic
        case .alterGroup, .describeGroup, .deleteGroup: .group
        case .describeTransactionalId, .alterTransactionalId: .transactionalId
        }
    }

    /// AWS's "Required actions" column, as written there.
    public var requiredActions: [IamAction] {
        switch self {
        case .connect: []
        case .describeCluster: [.connect]
        case .alterCluster: [.connect, .describeCluster]
        case .describeClusterDynamicConfiguration: [.connect]
        case .alterClusterDynamicConfiguration: [.connect, .describeClusterDynamicConfiguration]
        case .writeDataIdempotently: [.connect, .writeData]
        case .createTopic: [.connect]
        case .describeTopic: [.connect]
        case .alterTopic: [.connect, .describeTopic]
        case .deleteTopic: [.connect, .describeTopic]
        case .readData: [.connect, .describeTopic, .alterGroup]
        case .writeData: [.connect, .describeTopic]
        case .describeTopicDynamicConfiguration: [.connect]
        case .alterTopicDynamicConfiguration: [.connect, .describeTopicDynamicConfiguration]
        case .alterGroup: [.connect, .describeGroup]
        case .describeGroup: [.connect]
        case .deleteGroup: [.connect, .describeGroup]
        case .describeTransactionalId: [.connect]
        case .alterTransactionalId: [.connect, .describeTransactionalId, .writeData]
        }
    }

    /// The required actions on the same resource type, which the gateway
    /// checks on the same resource (see the type's comment). Connect, on the
    /// cluster, is not among them for cluster actions either: it is checked
    /// separately for every request.
    public var sameResourceCompanions: [IamAction] {
        requiredActions.filter { $0 != .connect && $0.resourceType == resourceType }
    }

    /// `sameResourceCompanions` has at most one action: it, without
    /// building an array (the authorizer asks on every request).
    var sameResourceCompanion: IamAction? { Self.companionByPosition[position] }

    private static let companionByPosition: [IamAction?] = allCases.map { action in
        let companions = action.sameResourceCompanions
        precondition(companions.count <= 1, "\(action) has several same-resource companions")
        return companions.first
    }

    /// Every action's qualified name, lowercased, in `allCases` order: what
    /// case-insensitive Action patterns are matched against.
    static let foldedNames: [String] = allCases.map { $0.qualifiedName.lowercased() }

    static let positionByFoldedName: [String: Int] = Dictionary(uniqueKeysWithValues: foldedNames.enumerated().map { ($1, $0) })

    /// The actions an Action pattern names (compiled case-insensitive), as a
    /// mask of `bit`s.
    static func mask(matching pattern: IamWildcardPattern) -> UInt32 {
        switch pattern.shape {
        case .anything: return allMask
        case .exact:
            return positionByFoldedName[pattern.text.lowercased()].map { 1 << UInt32($0) } ?? 0
        case .prefix, .general: break
        }
        var mask: UInt32 = 0
        for (position, name) in foldedNames.enumerated() where pattern.matches(folded: name) {
            mask |= 1 << UInt32(position)
        }
        return mask
    }

    /// The action's bit in a statement's action mask.
    var bit: UInt32 { 1 << UInt32(position) }

    /// The action's position in `allCases` (a switch: no dictionary lookup on the hot path).
    var position: Int {
        switch self {
        case .connect: 0
        case .describeCluster: 1
        case .alterCluster: 2
        case .describeClusterDynamicConfiguration: 3
        case .alterClusterDynamicConfiguration: 4
        case .writeDataIdempotently: 5
        case .createTopic: 6
        case .describeTopic: 7
        case .alterTopic: 8
        case .deleteTopic: 9
        case .readData: 10
        case .writeData: 11
        case .describeTopicDynamicConfiguration: 12
        case .alterTopicDynamicConfiguration: 13
        case .alterGroup: 14
        case .describeGroup: 15
        case .deleteGroup: 16
        case .describeTransactionalId: 17
        case .alterTransactionalId: 18
        }
    }
    static let allMask: UInt32 = (1 << UInt32(allCases.count)) - 1

    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.position < rhs.position
    }
}
