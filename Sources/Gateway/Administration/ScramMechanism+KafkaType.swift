import Authentication

extension ScramMechanism {
    /// Kafka's code for the mechanism in the SCRAM credential APIs (`org.apache.kafka.clients.admin.ScramMechanism`);
    /// 0 is UNKNOWN and has no mechanism.
    init?(kafkaType: Int8) {
        switch kafkaType {
        case 1: self = .sha256
        case 2: self = .sha512
        default: return nil
        }
    }

    var kafkaType: Int8 {
        switch self {
        case .sha256: 1
        case .sha512: 2
        }
    }
}
