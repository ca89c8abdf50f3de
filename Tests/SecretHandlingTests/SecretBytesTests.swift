import Foundation
import SecretHandling
import XCTest

final class SecretBytesTests: XCTestCase {
    func testZeroesAnArrayInPlace() {
        var secret = Array("hunter2-and-more".utf8)
        let count = secret.count
        SecretBytes.zero(&secret)
        XCTAssertEqual(secret, [UInt8](repeating: 0, count: count), "the length stays, every byte is zero")
    }

    func testZeroesData() {
        var secret = Data((1...64).map { UInt8($0) })
        SecretBytes.zero(&secret)
        XCTAssertEqual(secret, Data(count: 64))
    }

    func testZeroesRawMemoryAndOnlyTheGivenRange() {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 8, alignment: 1)
        defer { buffer.deallocate() }
        buffer.copyBytes(from: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt8])
        SecretBytes.zero(UnsafeMutableRawBufferPointer(rebasing: buffer[2..<6]))
        XCTAssertEqual(Array(buffer), [1, 2, 0, 0, 0, 0, 7, 8])
    }

    func testEmptyInputsAreFine() {
        var empty: [UInt8] = []
        SecretBytes.zero(&empty)
        var emptyData = Data()
        SecretBytes.zero(&emptyData)
        SecretBytes.zero(UnsafeMutableRawBufferPointer(start: nil, count: 0))
        XCTAssertEqual(empty, [])
        XCTAssertEqual(emptyData, Data())
    }
}
