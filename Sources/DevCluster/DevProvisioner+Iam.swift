import Foundation
import KeyManagement
import PolicyStore
import SecretHandling

/// admin's IAM identity for the 9098 listener: an IAM user `admin` with a
/// policy allowing every `kafka-cluster:` action, and one access key written
/// to `client/admin-iam.credentials` (an AWS shared credentials file, profile
/// `portcullis`), so AWS's signer and kafka-python find it through
/// `AWS_SHARED_CREDENTIALS_FILE` and `AWS_PROFILE`. Made once; deleting the
/// credentials file gives admin a new key (and deletes the old ones).
extension DevProvisioner {
    static let iamProfile = "portcullis"
    static let adminIamPolicy = "portcullis-dev-admin"
    /// The KMS key that seals IAM secrets, as `authctl iam` uses by default.
    static let iamSealingKey = "alias/portcullis-iam"

    static let adminIamPolicyDocument = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "DevAdminMayDoEverything", "Effect": "Allow", "Action": "kafka-cluster:*", "Resource": "*"}
          ]
        }
        """

    /// Returns whether a new access key was made.
    public func provisionIam(store: PolicyStore, keyService: some KeyService) async throws -> Bool {
        if try !store.listIamUsers().contains(where: { $0.name == Self.admin }) {
            _ = try store.addIamUser(Self.admin, actor: Self.actor)
        }
        if try store.iamPolicy(named: Self.adminIamPolicy) == nil {
            _ = try store.putIamPolicy(Self.adminIamPolicy, document: Self.adminIamPolicyDocument, actor: Self.actor)
        }
        if try !store.iamPolicyAttachments(Self.adminIamPolicy).contains(.user(Self.admin)) {
            _ = try store.attachIamPolicy(Self.adminIamPolicy, to: .user(Self.admin), actor: Self.actor)
        }
        try iamProperties.write(to: layout.iamProperties)
        guard !FileManager.default.fileExists(atPath: layout.iamCredentials) else { return false }

        for old in try store.listIamAccessKeys(user: Self.admin) {
            try store.deleteIamAccessKey(old.accessKeyId, user: Self.admin, actor: Self.actor)
        }
        _ = try await PolicyStore.ensureIamSealingKey(Self.iamSealingKey, keyService: keyService)
        let key = try await store.createIamAccessKey(
            forUser: Self.admin, sealingKeyId: Self.iamSealingKey, keyService: keyService, actor: Self.actor
        )
        // The secret's only copy at rest is this owner-only file.
        var text = Array("""
            [\(Self.iamProfile)]
            aws_access_key_id = \(key.accessKey.accessKeyId)
            aws_secret_access_key = \(key.secretAccessKey)

            """.utf8)
        defer { SecretBytes.zero(&text) }
        try SecureFile.replace(layout.iamCredentials, with: text)
        return true
    }

    private var iamProperties: ClientPropertiesFile {
        ClientPropertiesFile(entries: [
            ("bootstrap.servers", "\(settings.advertisedHost):\(settings.iamPort)"),
            ("security.protocol", "SASL_SSL"),
            ("sasl.mechanism", "OAUTHBEARER"),
            ("ssl.ca.location", layout.client + "/ca.pem"),
        ])
    }
}
