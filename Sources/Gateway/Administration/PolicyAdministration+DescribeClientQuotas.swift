import KafkaProtocol
import PolicyStore

extension PolicyAdministration {
    /// DescribeClientQuotas as Kafka answers it (`ClientQuotasImage.describe`): each filter component names an
    /// entity type once, with match type exact (the entity named `match`), default (the type's `<default>`) or
    /// any (every entity of the type, `<default>` included); an entity matches when it satisfies every
    /// component, and with `strict` only when it has no entity type the filter does not name. No component,
    /// not strict, matches every quota. A filter Kafka refuses fails the whole request with INVALID_REQUEST
    /// (UNSUPPORTED_VERSION for an unknown entity type or match type), with Kafka's reason. `client-id` is a
    /// type Kafka knows; the gateway stores no quota of that type, so a component naming it matches nothing.
    func describeClientQuotas(_ request: DescribeClientQuotasRequest) -> DescribeClientQuotasResponse {
        let filter: QuotaFilter
        switch QuotaFilter.make(request) {
        case .success(let made): filter = made
        case .failure(let refusal): return DescribeClientQuotasResponse(errorCode: refusal.code.rawValue, errorMessage: refusal.message, entries: nil)
        }
        let quotas: [ClientQuota]
        do throws(PolicyStoreError) {
            quotas = try store.listQuotas()
        } catch {
            let failure = AdministrationError(error)
            return DescribeClientQuotasResponse(errorCode: failure.code.rawValue, errorMessage: failure.message, entries: nil)
        }
        let byEntity = Dictionary(grouping: quotas, by: \.entity)
        let entries = byEntity.keys.sorted().filter(filter.matches).map { entity in
            DescribeClientQuotasResponse.EntryData(
                entity: [.init(entityType: entity.entityType, entityName: entity.name)],
                values: (byEntity[entity] ?? []).sorted().map { .init(key: $0.key.rawValue, value: $0.value) }
            )
        }
        return DescribeClientQuotasResponse(errorCode: 0, errorMessage: nil, entries: entries)
    }
}

/// A DescribeClientQuotas filter, checked as Kafka checks it.
struct QuotaFilter {
    /// Entity type to the name it must have (nil: `<default>`).
    var exact: [String: String?] = [:]
    /// Entity types the entity must have, under any name.
    var any: Set<String> = []
    var strict = false

    static let knownTypes: Set<String> = ["user", "client-id", "ip"]

    static func make(_ request: DescribeClientQuotasRequest) -> Result<QuotaFilter, AdministrationError> {
        var filter = QuotaFilter(strict: request.strict)
        for component in request.components {
            let type = component.entityType
            if type.isEmpty { return .failure(AdministrationError(.invalidRequest, "Invalid empty entity type.")) }
            if filter.exact.keys.contains(type) || filter.any.contains(type) {
                return .failure(AdministrationError(.invalidRequest, "Entity type \(type) cannot appear more than once in the filter."))
            }
            guard knownTypes.contains(type) else {
                return .failure(AdministrationError(.unsupportedVersion, "Unsupported entity type \(type)"))
            }
            switch component.matchType {
            case 0:
                guard let match = component.match else {
                    return .failure(AdministrationError(.invalidRequest, "Request specified MATCH_TYPE_EXACT, but set match string to null."))
                }
                filter.exact[type] = .some(type == "ip" ? ClientQuotaEntity.canonicalAddress(match) ?? match : match)
            case 1:
                guard component.match == nil else {
                    return .failure(AdministrationError(.invalidRequest, "Request specified MATCH_TYPE_DEFAULT, but also specified a match string."))
                }
                filter.exact[type] = .some(nil)
            case 2:
                guard component.match == nil else {
                    return .failure(AdministrationError(.invalidRequest, "Request specified MATCH_TYPE_SPECIFIED, but also specified a match string."))
                }
                filter.any.insert(type)
            default:
                return .failure(AdministrationError(.unsupportedVersion, "Unknown match type \(component.matchType)"))
            }
        }
        let types = Set(filter.exact.keys).union(filter.any)
        if types.contains("ip"), types.count > 1 {
            return .failure(AdministrationError(
                .invalidRequest,
                "Invalid entity filter component combination. IP filter component should not be used with user or clientId filter component."
            ))
        }
        return .success(filter)
    }

    /// Whether `entity` (one entity type, as every stored quota's) satisfies the filter.
    func matches(_ entity: ClientQuotaEntity) -> Bool {
        if strict, exact.count + any.count != 1 { return false }
        for (type, name) in exact {
            guard type == entity.entityType, name == entity.name else { return false }
        }
        for type in any where type != entity.entityType { return false }
        return true
    }
}
