import GRDB

extension PolicyStoreError {
    /// Wraps whatever GRDB threw about the database at `path` without its SQL, its statement
    /// arguments or the row it was decoding, any of which could carry a salt or a key.
    init(wrapping error: any Error, database path: String) {
        switch error {
        case let error as PolicyStoreError:
            self = error
        case let error as DatabaseError where [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode):
            self = .unreadableDatabase(path: path, code: error.extendedResultCode.rawValue, message: error.message ?? "unknown error")
        case let error as DatabaseError:
            self = .database(code: error.extendedResultCode.rawValue, message: error.message ?? "unknown error")
        case is RowDecodingError:
            self = .corruptStore("a column holds a value of the wrong type")
        default:
            self = .database(code: -1, message: String(describing: type(of: error)))
        }
    }
}
