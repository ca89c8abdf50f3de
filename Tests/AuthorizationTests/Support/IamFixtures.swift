import Authorization
import XCTest

/// Short ways to write IAM policies and requests in tests.
let testCluster = IamClusterIdentity(
    region: "us-east-1", accountId: "123456789012", clusterName: "MyTestCluster", clusterUuid: "abcd1234-0123-abcd-5678-1234abcd-1")

func policy(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> IamPolicyDocument {
    do {
        return try IamPolicyDocument(text: text)
    } catch {
        XCTFail("policy refused: \(error)", file: file, line: line)
        return try! IamPolicyDocument(text: #"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}"#)
    }
}

/// The error a document is refused with, or nil if it is accepted.
func refusal(_ text: String) -> IamPolicyDocumentError? {
    do {
        _ = try IamPolicyDocument(text: text)
        return nil
    } catch {
        return error
    }
}

/// A one-statement 2012-10-17 document from a statement's members.
func statementDocument(_ members: String) -> String {
    #"{"Version":"2012-10-17","Statement":{"# + members + "}}"
}

func policies(_ named: (String, String)...) -> IamPolicySet {
    IamPolicySet(named.map { (name: $0.0, document: policy($0.1)) })
}

/// 2026-12-07T15:00:00Z
let testNow = IamTimestamp(secondsSince1970: 1_796_655_600)
