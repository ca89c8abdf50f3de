import Foundation
import NIOCore

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// Wipes transient copies of secrets (the prefixed secret access key, HTTP
/// bodies that carried a plaintext data key) before their memory is freed.
/// `explicit_bzero`/`memset_s` are used because a plain store right before
/// `free` may be optimised away.
enum AWSSecretMemory {
    static func wipe(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        #if canImport(Darwin)
        _ = memset_s(base, buffer.count, 0, buffer.count)
        #else
        explicit_bzero(base, buffer.count)
        #endif
    }

    static func wipe(_ data: inout Data) {
        data.withUnsafeMutableBytes { wipe($0) }
    }

    static func wipe(_ buffer: inout ByteBuffer) {
        buffer.withUnsafeMutableReadableBytes { wipe($0) }
    }
}
