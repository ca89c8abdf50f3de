import NIOCore

extension Array {
    /// Reserves room for `count` elements about to be decoded from `input`,
    /// but never more bytes than `input` has left. A count read from the wire
    /// is only a claim until its elements are decoded: each of them takes at
    /// least a byte of input yet may take fifty in memory, so reserving the
    /// claim would let a frame make the gateway allocate many times its size.
    /// Past the reservation the array grows, geometrically, as elements arrive.
    @inline(__always)
    mutating func reserveKafkaCapacity(_ count: Int, decodingFrom input: ByteBuffer) {
        let affordable = input.readableBytes / Swift.max(1, MemoryLayout<Element>.stride)
        self.reserveCapacity(Swift.min(count, affordable))
    }
}
