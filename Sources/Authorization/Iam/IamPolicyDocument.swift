import Foundation

// STAND-IN, replaced at merge by the real IAM policy parser from the iampolicy branch.
// Only what authctl's `iam policy put` needs: the JSON is an object with Version and Statement.

/// An AWS IAM policy document (stand-in: checks only its outline).
public struct IamPolicyDocument: Sendable {
    public init(json: [UInt8]) throws(IamPolicyDocumentError) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(json))
        } catch {
            throw IamPolicyDocumentError(description: "the document is not valid JSON")
        }
        guard let document = object as? [String: Any] else {
            throw IamPolicyDocumentError(description: "the document is not a JSON object")
        }
        guard document["Version"] is String else { throw IamPolicyDocumentError(description: "the document has no Version") }
        guard document["Statement"] is [Any] || document["Statement"] is [String: Any] else {
            throw IamPolicyDocumentError(description: "the document has no Statement")
        }
    }
}

/// Why a policy document was refused.
public struct IamPolicyDocumentError: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) {
        self.description = description
    }
}
