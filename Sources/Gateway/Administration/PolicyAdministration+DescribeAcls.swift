import Authorization
import KafkaProtocol
import PolicyStore

extension PolicyAdministration {
    /// DescribeAcls as Kafka answers it (`AclApis.handleDescribeAcls`, `DescribeAclsResponse.aclsResources`):
    /// the ACLs the filter matches, grouped by resource pattern. A filter no ACL could match (UNKNOWN or
    /// undefined codes, a malformed principal or host) is refused with INVALID_REQUEST at the top level.
    func describeAcls(_ request: DescribeAclsRequest) -> DescribeAclsResponse {
        let filter: AclBindingFilter
        do throws(AclValidationError) {
            filter = try AclBindingFilter(
                resourceTypeCode: request.resourceTypeFilter, name: request.resourceNameFilter,
                patternTypeCode: request.patternTypeFilter, principal: request.principalFilter, host: request.hostFilter,
                operationCode: request.operation, permissionCode: request.permissionType
            )
        } catch {
            return Self.describeAclsFailure(AdministrationError(error))
        }
        let acls: [AclBinding]
        do throws(PolicyStoreError) {
            acls = try store.listAcls()
        } catch {
            return Self.describeAclsFailure(AdministrationError(error))
        }
        return DescribeAclsResponse(errorCode: 0, errorMessage: nil, resources: Self.resources(acls.filter(filter.matches)))
    }

    private static func describeAclsFailure(_ error: AdministrationError) -> DescribeAclsResponse {
        DescribeAclsResponse(errorCode: error.code.rawValue, errorMessage: error.message, resources: [])
    }

    /// One resource per pattern, with its entries. `acls` is sorted by pattern, as the store lists them.
    private static func resources(_ acls: [AclBinding]) -> [DescribeAclsResponse.DescribeAclsResource] {
        var resources: [DescribeAclsResponse.DescribeAclsResource] = []
        var previousPattern: ResourcePattern?
        for acl in acls {
            let description = DescribeAclsResponse.AclDescription(
                principal: acl.entry.principal.description, host: acl.entry.host.description,
                operation: acl.entry.operation.rawValue, permissionType: acl.entry.permission.rawValue
            )
            if acl.pattern == previousPattern {
                resources[resources.count - 1].acls.append(description)
            } else {
                resources.append(.init(
                    resourceType: acl.pattern.resourceType.rawValue, resourceName: acl.pattern.name,
                    patternType: acl.pattern.patternType.rawValue, acls: [description]
                ))
                previousPattern = acl.pattern
            }
        }
        return resources
    }
}
