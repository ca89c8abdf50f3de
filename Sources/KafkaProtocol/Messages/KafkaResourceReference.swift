/// A resource a request names, typed by the schemas' `entityType`.
///
/// Topic ids are included too: from Fetch v13 on, requests name topics by id
/// only, and an authorizer must resolve them to names.
public enum KafkaResourceReference: Hashable, Sendable {
    case topicName(String)
    case topicId(KafkaUUID)
    case groupId(String)
    case transactionalId(String)
}
