import Authentication
import Authorization
import KafkaProtocol
import PolicyStore

/// An error as an admin API's response carries it, Kafka's `ApiError`: the code a client acts on and a
/// message for the admin. Messages come from the store's and the validators' descriptions, which name
/// principals, resources and lengths but never a salt, a key or a salted password.
struct AdministrationError: Error, Equatable {
    let code: KafkaErrorCode
    let message: String

    init(_ code: KafkaErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    /// An ACL or filter the request got wrong: INVALID_REQUEST, as Kafka's `InvalidRequestException`.
    init(_ invalid: AclValidationError) {
        self.init(.invalidRequest, invalid.description)
    }

    /// What the store refused or failed at. Refusals get the code Kafka gives the same case; failures of
    /// the store itself UNKNOWN_SERVER_ERROR, with the store's description so that an admin can act on it.
    init(_ storeError: PolicyStoreError) {
        let code: KafkaErrorCode =
            switch storeError {
            case .invalidAcl, .invalidNetworkRule, .invalidClientQuota: .invalidRequest
            case .invalidPrincipalName, .reservedPrincipalName, .invalidScramCredential: .unacceptableCredential
            case .unknownPrincipal, .unknownScramCredential: .resourceNotFound
            case .invalidActor, .duplicatePrincipal, .unknownNetworkRule, .insecurePermissions, .storageUnavailable,
                .schemaNewerThanThisVersion, .corruptStore, .unreadableDatabase, .emptyDatabase, .database:
                .unknownServerError
            }
        self.init(code, storeError.description)
    }
}

extension AdministrationError {
    /// A credential the client computed that Kafka would not accept: UNACCEPTABLE_CREDENTIAL, with Kafka's
    /// words for iteration counts. Only lengths and counts are named, never bytes.
    init(_ credentialError: ScramCredentialError) {
        switch credentialError {
        case .iterationsOutOfRange(let iterations) where iterations < ScramMechanism.minimumIterations:
            self.init(.unacceptableCredential, "Too few iterations: \(iterations), the minimum is \(ScramMechanism.minimumIterations)")
        case .iterationsOutOfRange(let iterations):
            self.init(.unacceptableCredential, "Too many iterations: \(iterations), the maximum is \(ScramMechanism.maximumIterations)")
        case .saltedPasswordLength(let byteCount):
            self.init(.unacceptableCredential, "the salted password is \(byteCount) bytes long, not the length of the mechanism's hash")
        case .derivationFailed:
            self.init(.unknownServerError, "the credential could not be derived")
        }
    }
}
