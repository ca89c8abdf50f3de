import Observability

/// Counts each request to a KMS in `portcullis_kms_requests_total`, labelled
/// with the AWS KMS action it is (AWS) or stands for (the local keyring), and
/// its result: `success`; `failure` when the KMS refused or answered with an
/// error; `unreachable` when no answer came (refused connection, timeout),
/// which only a remote KMS can be.
struct KMSRequestCounter: Sendable {
    enum Result: String {
        case success
        case failure
        case unreachable
    }

    let metrics: PortcullisMetrics

    func count(_ operation: AWSKMSOperation, _ result: Result) {
        metrics.kmsRequests.increment(operation.rawValue, result.rawValue)
    }

    /// Runs one request of a KMS in this process, counting it.
    func counting<Value>(
        _ operation: AWSKMSOperation, _ request: () throws(KeyServiceError) -> Value
    ) throws(KeyServiceError) -> Value {
        do throws(KeyServiceError) {
            let value = try request()
            count(operation, .success)
            return value
        } catch {
            count(operation, .failure)
            throw error
        }
    }
}
