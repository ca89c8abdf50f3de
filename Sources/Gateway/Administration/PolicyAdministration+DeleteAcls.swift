import Authorization
import KafkaProtocol
import PolicyStore

extension PolicyAdministration {
    /// DeleteAcls as Kafka answers it (`AclControlManager.deleteAcls`, `DeleteAclsResponse.filterResult`): one
    /// result per filter, in order, listing the ACLs it matched and deleted. The ACLs of all valid filters are
    /// deleted in one transaction, as Kafka's controller commits a request's removals atomically; an ACL two
    /// filters match is deleted once and listed under both. An invalid filter fails alone with INVALID_REQUEST;
    /// when the store fails, every valid filter gets its error and nothing is deleted.
    func deleteAcls(_ request: DeleteAclsRequest, actor: String) -> DeleteAclsResponse {
        let checked = request.filters.map(Self.filter)
        let valid = checked.compactMap { try? $0.get() }
        var removed: [AclBinding] = []
        var storeFailure: AdministrationError?
        if !valid.isEmpty {
            do throws(PolicyStoreError) {
                removed = try store.removeAcls(actor: actor) { acl in valid.contains { $0.matches(acl) } }
            } catch {
                storeFailure = AdministrationError(error)
            }
        }
        return DeleteAclsResponse(filterResults: checked.map { outcome in
            switch outcome {
            case .failure(let refusal):
                Self.deleteAclsFailure(refusal)
            case .success(let filter):
                storeFailure.map(Self.deleteAclsFailure)
                    ?? .init(errorCode: 0, errorMessage: nil, matchingAcls: removed.filter(filter.matches).map(Self.matchingAcl))
            }
        })
    }

    private static func filter(_ filter: DeleteAclsRequest.DeleteAclsFilter) -> Result<AclBindingFilter, AdministrationError> {
        do throws(AclValidationError) {
            return .success(try AclBindingFilter(
                resourceTypeCode: filter.resourceTypeFilter, name: filter.resourceNameFilter,
                patternTypeCode: filter.patternTypeFilter, principal: filter.principalFilter, host: filter.hostFilter,
                operationCode: filter.operation, permissionCode: filter.permissionType
            ))
        } catch {
            return .failure(AdministrationError(error))
        }
    }

    private static func deleteAclsFailure(_ error: AdministrationError) -> DeleteAclsResponse.DeleteAclsFilterResult {
        .init(errorCode: error.code.rawValue, errorMessage: error.message, matchingAcls: [])
    }

    /// A deleted ACL; its own error is always NONE, since a request's deletions succeed or fail together.
    private static func matchingAcl(_ acl: AclBinding) -> DeleteAclsResponse.DeleteAclsMatchingAcl {
        .init(
            errorCode: 0, errorMessage: nil, resourceType: acl.pattern.resourceType.rawValue, resourceName: acl.pattern.name,
            patternType: acl.pattern.patternType.rawValue, principal: acl.entry.principal.description,
            host: acl.entry.host.description, operation: acl.entry.operation.rawValue, permissionType: acl.entry.permission.rawValue
        )
    }
}
