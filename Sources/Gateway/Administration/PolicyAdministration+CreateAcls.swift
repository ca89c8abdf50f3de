import Authorization
import KafkaProtocol
import PolicyStore

extension PolicyAdministration {
    /// CreateAcls as Kafka answers it (`AclApis.handleCreateAcls`, `AclControlManager.createAcls`): one result
    /// per creation, in order. A creation that is not a valid ACL fails alone with INVALID_REQUEST and the
    /// reason; the valid ones are added in one transaction, and an ACL that exists already is a success.
    /// When the store fails, every valid creation gets its error, as Kafka fails each creation's future.
    func createAcls(_ request: CreateAclsRequest, actor: String) -> CreateAclsResponse {
        let checked = request.creations.map(Self.binding)
        let valid = checked.compactMap { try? $0.get() }
        var storeFailure: AdministrationError?
        if !valid.isEmpty {
            do throws(PolicyStoreError) {
                try store.addAcls(valid, actor: actor)
            } catch {
                storeFailure = AdministrationError(error)
            }
        }
        return CreateAclsResponse(results: checked.map { outcome in
            let failure: AdministrationError? =
                switch outcome {
                case .success: storeFailure
                case .failure(let refusal): refusal
                }
            return CreateAclsResponse.AclCreationResult(errorCode: failure?.code.rawValue ?? 0, errorMessage: failure?.message)
        })
    }

    /// The ACL a creation asks for, checked as Kafka checks it and then as the store would.
    private static func binding(_ creation: CreateAclsRequest.AclCreation) -> Result<AclBinding, AdministrationError> {
        let binding: AclBinding
        do throws(AclValidationError) {
            binding = try AclBinding(
                resourceTypeCode: creation.resourceType, name: creation.resourceName, patternTypeCode: creation.resourcePatternType,
                principal: creation.principal, host: creation.host, operationCode: creation.operation,
                permissionCode: creation.permissionType
            )
        } catch {
            return .failure(AdministrationError(error))
        }
        do throws(PolicyStoreError) {
            try PolicyStore.validateAcl(binding)
        } catch {
            return .failure(AdministrationError(error))
        }
        return .success(binding)
    }
}
