import KafkaProtocol
import PolicyStore

extension PolicyAdministration {
    /// AlterClientQuotas as Kafka answers it (`ClientQuotaControlManager.alterClientQuotas`): each entry (one
    /// entity and its operations) succeeds or fails alone, with INVALID_REQUEST and the reason for an entity
    /// or an operation Kafka would refuse: an empty or repeated entity, an entity type the gateway does not
    /// serve (`client-id`, alone or combined with `user`), a name that is not acceptable, a key the type does
    /// not have, a value that is not one of the key's, a key set twice. An entry's operations are made in one
    /// transaction; removing a key that has no value is no change. With `validate_only` everything is checked
    /// and nothing written.
    func alterClientQuotas(_ request: AlterClientQuotasRequest, actor: String) -> AlterClientQuotasResponse {
        AlterClientQuotasResponse(entries: request.entries.map { entry in
            let failure = alter(entry, validateOnly: request.validateOnly, actor: actor)
            return AlterClientQuotasResponse.EntryData(
                errorCode: failure?.code.rawValue ?? 0, errorMessage: failure?.message,
                entity: entry.entity.map { .init(entityType: $0.entityType, entityName: $0.entityName) }
            )
        })
    }

    /// Makes (or with `validateOnly` only checks) one entry's operations; the error it fails with, or nil.
    private func alter(_ entry: AlterClientQuotasRequest.EntryData, validateOnly: Bool, actor: String) -> AdministrationError? {
        let entity: ClientQuotaEntity
        switch Self.entity(entry.entity) {
        case .success(let named): entity = named
        case .failure(let refusal): return refusal
        }
        var values: [ClientQuotaKey: Double] = [:]
        var removing: Set<ClientQuotaKey> = []
        var seen: Set<String> = []
        for op in entry.ops {
            guard seen.insert(op.key).inserted else { return AdministrationError(.invalidRequest, "Duplicate quota key \(op.key)") }
            guard let key = ClientQuotaKey(rawValue: op.key), entity.allowedKeys.contains(key) else {
                let allowed = entity.allowedKeys.map(\.rawValue).joined(separator: ", ")
                return AdministrationError(.invalidRequest, "Invalid configuration key \(op.key) for \(entity.entityType) entities; give \(allowed)")
            }
            if op.remove { removing.insert(key) } else { values[key] = op.value }
        }
        do throws(PolicyStoreError) {
            if validateOnly {
                try PolicyStore.validateQuotas(of: entity, setting: values, removing: removing)
            } else {
                try store.alterQuotas(of: entity, setting: values, removing: removing, actor: actor)
            }
        } catch {
            return AdministrationError(error)
        }
        return nil
    }

    /// The entity an entry names, checked as Kafka checks it (`validateEntity`), then as the gateway serves it.
    private static func entity(_ components: [AlterClientQuotasRequest.EntityData]) -> Result<ClientQuotaEntity, AdministrationError> {
        guard !components.isEmpty else { return .failure(AdministrationError(.invalidRequest, "Invalid empty client quota entity")) }
        var types: Set<String> = []
        for component in components {
            guard types.insert(component.entityType).inserted else {
                return .failure(AdministrationError(.invalidRequest, "Invalid empty client quota entity, duplicate entity entry \(component.entityType)"))
            }
            guard QuotaFilter.knownTypes.contains(component.entityType) else {
                return .failure(AdministrationError(.invalidRequest, "Unhandled client quota entity type: \(component.entityType)"))
            }
            if let name = component.entityName, name.isEmpty {
                return .failure(AdministrationError(.invalidRequest, "Empty \(component.entityType) not supported"))
            }
        }
        if types.contains("ip"), types.count > 1 {
            return .failure(AdministrationError(
                .invalidRequest, "Invalid quota entity combination, IP entity should not be combined with User or ClientId"
            ))
        }
        if types.contains("client-id") {
            return .failure(AdministrationError(
                .invalidRequest, "client-id quotas are not supported by this gateway: set quotas for user or ip entities"
            ))
        }
        let component = components[0]
        if component.entityType == "ip", let name = component.entityName, ClientQuotaEntity.canonicalAddress(name) == nil {
            return .failure(AdministrationError(.invalidRequest, "Invalid IP address \(name)"))
        }
        guard let entity = ClientQuotaEntity(entityType: component.entityType, name: component.entityName) else {
            return .failure(AdministrationError(.invalidRequest, "Unhandled client quota entity type: \(component.entityType)"))
        }
        return .success(entity)
    }
}
