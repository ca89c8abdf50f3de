import Authorization
import Foundation

extension IamTimestamp {
    /// The moment `date` names, for IAM's date conditions.
    init(_ date: Date) {
        self.init(secondsSince1970: date.timeIntervalSince1970)
    }
}
