import Crypto
import KeyManagement
import NIOCore
import XCTest

/// A few AES-256-GCM vectors (96-bit IV) from Wycheproof,
/// C2SP/wycheproof `testvectors/aes_gcm_test.json`, opened through
/// `EnvelopeCipher` laid out as `nonce | ciphertext | tag`: valid ones must
/// give the message, invalid ones `.authenticationFailed`.
final class EnvelopeWycheproofTests: XCTestCase {
    private struct Vector {
        var tcId: Int
        var key, iv, aad, msg, ct, tag: String
        var valid: Bool
    }

    private let vectors = [
        Vector(
            tcId: 89,
            key: "2ce6b4c15f85fb2da5cc6c269491eef281980309181249ebf2832bd6d0732d0b",
            iv: "c064fae9173b173fd6f11f34",
            aad: "498d3075b09fed998280583d61bb36b6ce41f130063b80824d1586e143d349b126b16aa10fe57343ed223d6364ee602257fe313a7fc9bf9088f027795b8dc1d3",
            msg: "f8a27a4baf00dc0555d222f2fa4fb42dc666ea3c",
            ct: "aed58d8a252f740dba4bf6d36773bd5b41234bba",
            tag: "01f93d7456aa184ebb49bea472b6d65d",
            valid: true
        ),
        Vector(
            tcId: 92,
            key: "00112233445566778899aabbccddeeff102132435465768798a9bacbdcedfe0f",
            iv: "000000000000000000000000",
            aad: "",
            msg: "561008fa07a68f5c61285cd013464eaf",
            ct: "23293e9b07ca7d1b0cae7cc489a973b3",
            tag: "ffffffffffffffffffffffffffffffff",
            valid: true
        ),
        Vector(
            tcId: 93,
            key: "00112233445566778899aabbccddeeff102132435465768798a9bacbdcedfe0f",
            iv: "ffffffffffffffffffffffff",
            aad: "",
            msg: "c6152244cea1978d3e0bc274cf8c0b3b",
            ct: "7cb6fc7c6abc009efe9551a99f36a421",
            tag: "00000000000000000000000000000000",
            valid: true
        ),
        Vector(
            tcId: 94,  // flipped bit 0 in tag
            key: "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
            iv: "505152535455565758595a5b",
            aad: "",
            msg: "202122232425262728292a2b2c2d2e2f",
            ct: "b2061457c0759fc1749f174ee1ccadfa",
            tag: "9de8fef6d8ab1bf1bf887232eab590dd",
            valid: false
        ),
        Vector(
            tcId: 116,  // all bits of tag flipped
            key: "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
            iv: "505152535455565758595a5b",
            aad: "",
            msg: "202122232425262728292a2b2c2d2e2f",
            ct: "b2061457c0759fc1749f174ee1ccadfa",
            tag: "631701092754e40e40778dcd154a6f22",
            valid: false
        ),
        Vector(
            tcId: 117,  // tag changed to all zero
            key: "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
            iv: "505152535455565758595a5b",
            aad: "",
            msg: "202122232425262728292a2b2c2d2e2f",
            ct: "b2061457c0759fc1749f174ee1ccadfa",
            tag: "00000000000000000000000000000000",
            valid: false
        ),
    ]

    func testVectorsOpenAsWycheproofSays() throws {
        for vector in vectors {
            let cipher = try EnvelopeCipher(key: SymmetricKey(data: bytes(vector.key)))
            let sealed = ByteBuffer(bytes: bytes(vector.iv) + bytes(vector.ct) + bytes(vector.tag))
            var opened = ByteBuffer()
            if vector.valid {
                XCTAssertNoThrow(try cipher.open(sealed, authenticating: bytes(vector.aad), appendingTo: &opened), "tcId \(vector.tcId)")
                XCTAssertEqual(Array(opened.readableBytesView), bytes(vector.msg), "tcId \(vector.tcId)")
            } else {
                XCTAssertThrowsError(try cipher.open(sealed, authenticating: bytes(vector.aad), appendingTo: &opened), "tcId \(vector.tcId)") {
                    XCTAssertEqual($0 as? EnvelopeError, .authenticationFailed, "tcId \(vector.tcId)")
                }
                XCTAssertEqual(opened.readableBytes, 0, "tcId \(vector.tcId)")
            }
        }
    }

    private func bytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return result
    }
}
