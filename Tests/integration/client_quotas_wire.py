"""DescribeClientQuotas (API 48) and AlterClientQuotas (API 49) v0 by hand:
confluent-kafka's Python AdminClient has no client-quota calls, and
kafka-python has no AlterClientQuotas. v0 is not flexible, so the fields are
Kafka's classic encodings: INT32 array counts, INT16 string lengths (-1 for
null), FLOAT64 values."""
import struct

DESCRIBE_CLIENT_QUOTAS, ALTER_CLIENT_QUOTAS = 48, 49
EXACT, DEFAULT, ANY = 0, 1, 2
INVALID_REQUEST, CLUSTER_AUTHORIZATION_FAILED = 42, 31


def _string(text):
    if text is None:
        return struct.pack(">h", -1)
    data = text.encode()
    return struct.pack(">h", len(data)) + data


class _Reader:
    def __init__(self, data):
        self.data, self.offset = data, 0

    def take(self, fmt):
        values = struct.unpack_from(fmt, self.data, self.offset)
        self.offset += struct.calcsize(fmt)
        return values[0]

    def string(self):
        length = self.take(">h")
        if length < 0:
            return None
        text = self.data[self.offset:self.offset + length].decode()
        self.offset += length
        return text

    def array(self, read):
        count = self.take(">i")
        return None if count < 0 else [read() for _ in range(count)]


def alter_request(entries, validate_only=False):
    """`entries`: [({entity type: name or None}, [(key, value or None for removal)])]."""
    body = struct.pack(">i", len(entries))
    for entity, ops in entries:
        body += struct.pack(">i", len(entity))
        for entity_type, name in entity.items():
            body += _string(entity_type) + _string(name)
        body += struct.pack(">i", len(ops))
        for key, value in ops:
            body += _string(key) + struct.pack(">d?", value or 0.0, value is None)
    return body + struct.pack(">?", validate_only)


def alter_response(data):
    """[(error code, error message, {entity type: name})] in the request's order."""
    reader = _Reader(data)
    reader.take(">i")  # throttle time

    def entry():
        code, message = reader.take(">h"), reader.string()
        entity = dict(reader.array(lambda: (reader.string(), reader.string())))
        return code, message, entity
    return reader.array(entry)


def describe_request(components=(), strict=False):
    """`components`: [(entity type, match type, match or None)]."""
    body = struct.pack(">i", len(components))
    for entity_type, match_type, match in components:
        body += _string(entity_type) + struct.pack(">b", match_type) + _string(match)
    return body + struct.pack(">?", strict)


def describe_response(data):
    """(error code, error message, [({entity type: name}, {key: value})] or None)."""
    reader = _Reader(data)
    reader.take(">i")  # throttle time
    code, message = reader.take(">h"), reader.string()

    def entry():
        entity = dict(reader.array(lambda: (reader.string(), reader.string())))
        values = dict(reader.array(lambda: (reader.string(), reader.take(">d"))))
        return entity, values
    return code, message, reader.array(entry)


def alter(wire, entries, validate_only=False):
    return alter_response(wire.call(ALTER_CLIENT_QUOTAS, 0, alter_request(entries, validate_only)))


def describe(wire, components=(), strict=False):
    return describe_response(wire.call(DESCRIBE_CLIENT_QUOTAS, 0, describe_request(components, strict)))
