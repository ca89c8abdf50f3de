import Authorization

/// A policy shaped like a busy multi-tenant cluster's, and requests against it.
///
/// 10,003 ACLs: 40 teams of 25 applications (1,000 principals). Each
/// application has Read and Write on three topics of its own (LITERAL
/// `team-NN.app-NNN.topic-N`), Describe on its team's topics (PREFIXED
/// `team-NN.`), Read on its consumer groups (PREFIXED `app-NNN-`), one DENY
/// (Delete on its first topic), and Read on a shared topic (LITERAL
/// `team-NN.events`): 10 each. Three shared ACLs on top: `User:*` Describe on
/// PREFIXED `public.`, monitoring users with Describe on `*`, a DENY for
/// everyone on LITERAL `audit`.
///
/// 100 network rules: each team's topics from its own /16 (PREFIXED
/// `team-NN.`, for every operation), 40 per-team Write rules from a /24,
/// and 20 LITERAL rules for shared topics.
enum Fixtures {
    static let teams = 40
    static let appsPerTeam = 25

    static func app(_ team: Int, _ app: Int) -> String { "app-\(team * appsPerTeam + app)" }
    static func teamPrefix(_ team: Int) -> String { "team-\(team)." }
    static func topic(_ team: Int, _ app: Int, _ index: Int) -> String { "\(teamPrefix(team))\(Self.app(team, app)).topic-\(index)" }

    static func bindings() -> [AclBinding] {
        func binding(_ principal: AclPrincipal, _ operation: AclOperation, _ type: AclResourceType, _ name: String,
                     _ patternType: AclPatternType = .literal, _ permission: AclPermission = .allow) -> AclBinding {
            AclBinding(
                pattern: ResourcePattern(type, name, patternType),
                entry: AccessControlEntry(principal: principal, host: .any, operation: operation, permission: permission))
        }
        var bindings: [AclBinding] = []
        for team in 0..<teams {
            for app in 0..<appsPerTeam {
                let user = AclPrincipal.user(Self.app(team, app))
                for index in 0..<3 {
                    bindings.append(binding(user, .read, .topic, topic(team, app, index)))
                    bindings.append(binding(user, .write, .topic, topic(team, app, index)))
                }
                bindings.append(binding(user, .describe, .topic, teamPrefix(team), .prefixed))
                bindings.append(binding(user, .read, .group, "\(Self.app(team, app))-", .prefixed))
                bindings.append(binding(user, .delete, .topic, topic(team, app, 0), .literal, .deny))
                bindings.append(binding(user, .read, .topic, "\(teamPrefix(team))events"))
            }
        }
        bindings.append(binding(.anyUser, .describe, .topic, "public.", .prefixed))
        bindings.append(binding(.user("monitor"), .describe, .topic, "*"))
        bindings.append(binding(.anyUser, .all, .topic, "audit", .literal, .deny))
        return bindings
    }

    static func networkRules() -> [NetworkRule] {
        var rules: [NetworkRule] = []
        for team in 0..<teams {
            rules.append(NetworkRule(topicName: teamPrefix(team), patternType: .prefixed, block: try! CIDRBlock("10.\(team).0.0/16")))
            rules.append(NetworkRule(
                topicName: teamPrefix(team), patternType: .prefixed, block: try! CIDRBlock("172.16.\(team).0/24"), operations: [.write]))
        }
        for index in 0..<20 {
            rules.append(NetworkRule(topicName: "public.feed-\(index)", block: try! CIDRBlock("0.0.0.0/0"), operations: [.read, .describe]))
        }
        return rules
    }

    struct Request {
        var user: String
        var host: IPAddress
        var operation: AclOperation
        var resource: ResourceName
    }

    /// Mostly applications using their own topics and groups from their
    /// team's network (allowed), some reaching another team's topics or
    /// coming from elsewhere (denied), some describing shared topics.
    static func requests(count: Int) -> [Request] {
        var random = SplitMix64(seed: 42)
        return (0..<count).map { _ in
            let team = Int(random.next() % UInt64(teams))
            let app = Int(random.next() % UInt64(appsPerTeam))
            let user = Self.app(team, app)
            let inside = IPAddress.v4(UInt32(10) << 24 | UInt32(team) << 16 | UInt32(random.next() % 65536))
            switch random.next() % 10 {
            case 0..<5:
                let operation: AclOperation = random.next() % 2 == 0 ? .read : .write
                return Request(user: user, host: inside, operation: operation, resource: ResourceName(.topic, topic(team, app, Int(random.next() % 3))))
            case 5:
                return Request(user: user, host: inside, operation: .read, resource: ResourceName(.group, "\(user)-consumers"))
            case 6:
                let other = (team + 1) % teams
                return Request(user: user, host: inside, operation: .read, resource: ResourceName(.topic, topic(other, app, 1)))
            case 7:
                return Request(user: user, host: .v4(0xC000_0201), operation: .write, resource: ResourceName(.topic, topic(team, app, 2)))
            case 8:
                return Request(user: user, host: inside, operation: .describe, resource: ResourceName(.topic, "public.feed-\(random.next() % 30)"))
            default:
                return Request(user: user, host: inside, operation: .delete, resource: ResourceName(.topic, topic(team, app, 0)))
            }
        }
    }
}

/// A small deterministic generator, so every run asks the same questions.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
