/// The AWS KMS actions this client calls, named as in `X-Amz-Target: TrentService.<name>`.
enum AWSKMSOperation: String, Sendable {
    case generateDataKey = "GenerateDataKey"
    case decrypt = "Decrypt"
    case reEncrypt = "ReEncrypt"
    case describeKey = "DescribeKey"
    case listKeys = "ListKeys"
    case listAliases = "ListAliases"
    case createKey = "CreateKey"
    case createAlias = "CreateAlias"
    case scheduleKeyDeletion = "ScheduleKeyDeletion"
    case rotateKeyOnDemand = "RotateKeyOnDemand"
    case enableKey = "EnableKey"
    case disableKey = "DisableKey"

    var target: String { "TrentService.\(rawValue)" }
}
