import GRDB

extension PolicyStoreError {
    /// Wraps whatever GRDB threw without its SQL, its statement arguments or the row it was
    /// decoding, any of which could carry a salt or a key.
    init(wrapping error: any Error) {
        switch error {
        case let error as PolicyStoreError:
            self = error
        case let error as DatabaseError:
            self = .database(code: error.extendedResultCode.rawValue, message: error.message ?? "unknown error")
        case is RowDecodingError:
            self = .corruptStore("a column holds a value of the wrong type")
        default:
            self = .database(code: -1, message: String(describing: type(of: error)))
        }
    }
}
