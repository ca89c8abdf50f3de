import Crypto
import KeyManagement
import NIOCore
import XCTest

/// Sealing and opening record batches with AES-256-GCM into reused buffers.
final class EnvelopeCipherTests: XCTestCase {
    private let batch = ByteBuffer(string: "record batch: plaintext value that must not appear sealed")
    private let associatedData = Array("orders/3/1000".utf8)

    func testSealedBatchOpensIntoAReusedBuffer() throws {
        let cipher = try EnvelopeCipher(key: SymmetricKey(size: .bits256))
        var sealed = ByteBuffer()
        var opened = ByteBuffer()
        for round in 0..<3 {
            sealed.clear()
            opened.clear()
            var plaintext = batch
            plaintext.writeString(" round \(round)")
            try cipher.seal(plaintext, authenticating: associatedData, appendingTo: &sealed)
            XCTAssertEqual(sealed.readableBytes, plaintext.readableBytes + EnvelopeCipher.overhead)
            XCTAssertNil(sealed.readableBytesView.firstRange(of: Array("must not appear".utf8)), "plaintext visible in the sealed form")
            try cipher.open(sealed, authenticating: associatedData, appendingTo: &opened)
            XCTAssertEqual(opened, plaintext)
        }
        XCTAssertEqual(cipher.sealCount, 3)
    }

    func testSealAppendsAfterWhatTheBufferHolds() throws {
        let cipher = try EnvelopeCipher(key: SymmetricKey(size: .bits256))
        var output = ByteBuffer(string: "header")
        try cipher.seal(batch, authenticating: associatedData, appendingTo: &output)
        XCTAssertEqual(output.readString(length: 6), "header")
        var opened = ByteBuffer(string: ">")
        try cipher.open(output, authenticating: associatedData, appendingTo: &opened)
        XCTAssertEqual(opened.readString(length: 1), ">")
        XCTAssertEqual(opened, batch)
    }

    func testOtherAssociatedDataKeyOrBytesAreRefusedAndOutputUntouched() throws {
        let key = SymmetricKey(size: .bits256)
        let cipher = try EnvelopeCipher(key: key)
        var sealed = ByteBuffer()
        try cipher.seal(batch, authenticating: associatedData, appendingTo: &sealed)

        var output = ByteBuffer(string: "untouched")
        func assertRefused(_ candidate: ByteBuffer, _ aad: [UInt8], with cipher: EnvelopeCipher, _ why: String) {
            XCTAssertThrowsError(try cipher.open(candidate, authenticating: aad, appendingTo: &output), why) {
                XCTAssertEqual($0 as? EnvelopeError, .authenticationFailed, why)
            }
            XCTAssertEqual(output, ByteBuffer(string: "untouched"), why)
        }
        // The same batch copied to another partition or offset.
        assertRefused(sealed, Array("orders/4/1000".utf8), with: cipher, "other partition")
        assertRefused(sealed, Array("orders/3/2000".utf8), with: cipher, "other base offset")
        assertRefused(sealed, [], with: cipher, "no associated data")
        assertRefused(sealed, associatedData, with: try EnvelopeCipher(key: SymmetricKey(size: .bits256)), "other key")
        for index in [0, 11, 12, sealed.readableBytes / 2, sealed.readableBytes - 16, sealed.readableBytes - 1] {
            var tampered = sealed
            let byte = tampered.getInteger(at: tampered.readerIndex + index, as: UInt8.self)!
            tampered.setInteger(byte ^ 0x01, at: tampered.readerIndex + index)
            assertRefused(tampered, associatedData, with: cipher, "byte \(index) altered")
        }
    }

    func testTooShortInputIsTruncated() throws {
        let cipher = try EnvelopeCipher(key: SymmetricKey(size: .bits256))
        var output = ByteBuffer()
        XCTAssertThrowsError(try cipher.open(ByteBuffer(bytes: [UInt8](repeating: 0, count: 27)), authenticating: [], appendingTo: &output)) {
            XCTAssertEqual($0 as? EnvelopeError, .truncated(byteCount: 27))
        }
    }

    func testEmptyBatchSealsAndOpens() throws {
        let cipher = try EnvelopeCipher(key: SymmetricKey(size: .bits256))
        var sealed = ByteBuffer()
        try cipher.seal(ByteBuffer(), authenticating: associatedData, appendingTo: &sealed)
        XCTAssertEqual(sealed.readableBytes, EnvelopeCipher.overhead)
        var opened = ByteBuffer()
        try cipher.open(sealed, authenticating: associatedData, appendingTo: &opened)
        XCTAssertEqual(opened.readableBytes, 0)
    }

    func testNoncesDoNotRepeatOverManySeals() throws {
        let cipher = try EnvelopeCipher(key: SymmetricKey(size: .bits256))
        let plaintext = ByteBuffer(string: "x")
        var sealed = ByteBuffer()
        var nonces = Set<[UInt8]>()
        let count = 200_000
        for _ in 0..<count {
            sealed.clear()
            try cipher.seal(plaintext, authenticating: associatedData, appendingTo: &sealed)
            nonces.insert(sealed.getBytes(at: sealed.readerIndex, length: EnvelopeCipher.nonceByteCount)!)
        }
        XCTAssertEqual(nonces.count, count)
        XCTAssertEqual(cipher.sealCount, UInt64(count))
    }

    func testSealingPastTheLimitFailsClosedAndStaysFailed() throws {
        let cipher = try EnvelopeCipher(key: SymmetricKey(size: .bits256), sealsAlreadyMade: 1, sealLimit: 3)
        var sealed = ByteBuffer()
        try cipher.seal(batch, authenticating: associatedData, appendingTo: &sealed)
        try cipher.seal(batch, authenticating: associatedData, appendingTo: &sealed)
        let written = sealed.readableBytes
        for _ in 0..<2 {
            XCTAssertThrowsError(try cipher.seal(batch, authenticating: associatedData, appendingTo: &sealed)) {
                XCTAssertEqual($0 as? EnvelopeError, .sealLimitReached(limit: 3))
            }
        }
        XCTAssertEqual(sealed.readableBytes, written, "a refused seal writes nothing")
        XCTAssertEqual(EnvelopeCipher.defaultSealLimit, 1 << 32)
    }

    func testConcurrentSealsAreCountedExactly() async throws {
        let cipher = try EnvelopeCipher(key: SymmetricKey(size: .bits256), sealLimit: 4000)
        let aad = associatedData
        let batch = self.batch
        let refused = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var sealed = ByteBuffer()
                    var refused = 0
                    for _ in 0..<1001 {
                        sealed.clear()
                        do { try cipher.seal(batch, authenticating: aad, appendingTo: &sealed) } catch { refused += 1 }
                    }
                    return refused
                }
            }
            return await group.reduce(0, +)
        }
        XCTAssertEqual(refused, 4, "exactly the seals past the limit are refused")
    }

    func testOnlyAES256KeysAreAccepted() {
        XCTAssertThrowsError(try EnvelopeCipher(key: SymmetricKey(size: .bits128))) {
            XCTAssertEqual($0 as? EnvelopeError, .invalidKeySize(bitCount: 128))
        }
    }
}
