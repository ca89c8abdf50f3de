import NIOCore

// Arrays and nullable structs, shared by every generated message.
extension ByteBuffer {
    @inline(__always)
    mutating func readKafkaArray<Element>(
        compact: Bool,
        field: StaticString,
        _ readElement: (inout ByteBuffer) throws(KafkaDecodingError) -> Element
    ) throws(KafkaDecodingError) -> [Element] {
        let count = try self.readKafkaNonNullArrayCount(compact: compact, field: field)
        return try self.readKafkaElements(count: count, readElement)
    }

    @inline(__always)
    mutating func readKafkaNullableArray<Element>(
        compact: Bool,
        nullable: Bool,
        field: StaticString,
        _ readElement: (inout ByteBuffer) throws(KafkaDecodingError) -> Element
    ) throws(KafkaDecodingError) -> [Element]? {
        guard let count = try self.readKafkaArrayCount(compact: compact) else {
            guard nullable else { throw .unexpectedNull(field: "\(field)") }
            return nil
        }
        return try self.readKafkaElements(count: count, readElement)
    }

    @inline(__always)
    private mutating func readKafkaElements<Element>(
        count: Int,
        _ readElement: (inout ByteBuffer) throws(KafkaDecodingError) -> Element
    ) throws(KafkaDecodingError) -> [Element] {
        var elements: [Element] = []
        elements.reserveKafkaCapacity(count, decodingFrom: self)
        for _ in 0..<count {
            elements.append(try readElement(&self))
        }
        return elements
    }

    @inline(__always)
    mutating func writeKafkaArray<Element>(
        _ elements: [Element],
        compact: Bool,
        field: StaticString,
        _ writeElement: (inout ByteBuffer, Element) throws(KafkaEncodingError) -> Void
    ) throws(KafkaEncodingError) {
        try self.writeKafkaArrayCount(elements.count, compact: compact, field: field)
        for element in elements {
            try writeElement(&self, element)
        }
    }

    @inline(__always)
    mutating func writeKafkaNullableArray<Element>(
        _ elements: [Element]?,
        compact: Bool,
        nullable: Bool,
        field: StaticString,
        _ writeElement: (inout ByteBuffer, Element) throws(KafkaEncodingError) -> Void
    ) throws(KafkaEncodingError) {
        guard let elements else {
            guard nullable else { throw .nullNotAllowed(field: "\(field)") }
            try self.writeKafkaArrayCount(nil, compact: compact, field: field)
            return
        }
        try self.writeKafkaArray(elements, compact: compact, field: field, writeElement)
    }

    /// Reads the marker that precedes a nullable struct: -1 for null, 1 for
    /// present. No marker is on the wire in versions where it is not nullable.
    @inline(__always)
    mutating func readKafkaStructPresence(nullable: Bool, field: StaticString) throws(KafkaDecodingError) -> Bool {
        guard nullable else { return true }
        switch try self.readKafkaInteger(as: Int8.self) {
        case -1: return false
        case 1: return true
        case let marker: throw .invalidStructMarker(marker)
        }
    }

    @inline(__always)
    mutating func writeKafkaStructPresence<Value>(_ value: Value?, nullable: Bool, field: StaticString) throws(KafkaEncodingError) {
        if nullable {
            self.writeInteger(value == nil ? Int8(-1) : Int8(1))
        } else if value == nil {
            throw .nullNotAllowed(field: "\(field)")
        }
    }
}

/// The value, refusing null in a version where the field is not nullable.
@inline(__always)
func kafkaRequire<Value>(_ value: Value?, nullable: Bool, field: StaticString) throws(KafkaEncodingError) -> Value? {
    if value == nil && !nullable { throw .nullNotAllowed(field: "\(field)") }
    return value
}
