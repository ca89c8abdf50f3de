import XCTest

@testable import LogDelivery

/// Putting delivered S3 objects back into the log's files: overlaps that agree,
/// gaps, objects of the wrong size, instances apart.
final class DeliveredLogAssemblyTests: XCTestCase {
    private let file = Array("line one\nline two\nline three\n".utf8)

    private func object(_ instance: String, _ start: Int, _ end: Int, name: String = "decisions-000001.jsonl") -> (key: String, bytes: [UInt8]) {
        ("portcullis/decisions/\(instance)/\(name)/\(start)-\(end).jsonl", Array(file[start..<end]))
    }

    func testObjectsInAnyOrderWithADuplicateMakeTheFile() {
        let assembly = DeliveredLogAssembly(objects: [object("a", 18, 29), object("a", 0, 9), object("a", 0, 18), object("a", 9, 18)])
        XCTAssertEqual(assembly.instances["a"]?.files, ["decisions-000001.jsonl": file])
        XCTAssertEqual(assembly.instances["a"]?.problems, [])
        XCTAssertEqual(assembly.instances["a"]?.duplicateBytes, 18)
    }

    func testAGapIsNamed() {
        let assembly = DeliveredLogAssembly(objects: [object("a", 0, 9), object("a", 18, 29)])
        XCTAssertEqual(assembly.instances["a"]?.problems, [
            "decisions-000001.jsonl: bytes 9-18 are in no object (a gap before portcullis/decisions/a/decisions-000001.jsonl/18-29.jsonl)",
        ])
    }

    func testAnObjectOfTheWrongSizeOrDisagreeingIsNamed() {
        var cut = object("a", 9, 18)
        cut.bytes.removeLast()
        var changed = object("a", 0, 18)
        changed.bytes[2] = UInt8(ascii: "X")
        let assembly = DeliveredLogAssembly(objects: [object("a", 0, 9), cut, changed])
        XCTAssertEqual(assembly.instances["a"]?.problems.count, 2)
        XCTAssertTrue(assembly.instances["a"]?.problems.contains { $0.contains("holds 8 bytes, its name says 9") } ?? false)
        XCTAssertTrue(assembly.instances["a"]?.problems.contains { $0.contains("0-18.jsonl: differs from the bytes 0-9") } ?? false)
    }

    func testInstancesApartAndOtherKeysIgnored() {
        let assembly = DeliveredLogAssembly(objects: [
            object("a", 0, 29), object("b", 0, 9), ("portcullis/decisions/README", []),
            object("a", 0, 9, name: "service-000001.jsonl"),
        ])
        XCTAssertEqual(Set(assembly.instances.keys), ["a", "b"])
        XCTAssertEqual(assembly.instances["b"]?.files, ["decisions-000001.jsonl": Array(file[0..<9])])
        XCTAssertEqual(assembly.ignoredKeys.count, 2)
    }

    func testListingElements() {
        let xml = "<ListBucketResult><Contents><Key>a/b&amp;c</Key></Contents><Contents><Key>d</Key></Contents>"
            + "<IsTruncated>true</IsTruncated><NextContinuationToken>t1</NextContinuationToken></ListBucketResult>"
        XCTAssertEqual(S3DeliveredLog.elements("Key", in: xml), ["a/b&c", "d"])
        XCTAssertEqual(S3DeliveredLog.elements("NextContinuationToken", in: xml), ["t1"])
    }
}
