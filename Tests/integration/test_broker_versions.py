"""What the broker answers outside what it implements, on the wire: an API it
does not serve and a version of a served API it does not accept each get
UNSUPPORTED_VERSION where the client reads it, and the connection stays up;
ApiVersions advertises exactly what it serves."""
import struct

from gateway_wire import KafkaWire, kafka_string

UNSUPPORTED_VERSION = 35
IMPLEMENTED = {0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19, 20, 22, 32, 35, 37, 42, 60}


def advertised(wire):
    body = wire.call(18, 0)
    error, count = struct.unpack(">hi", body[:6])
    assert error == 0
    return {struct.unpack(">h", body[6 + 6 * i:8 + 6 * i])[0] for i in range(count)}


def test_unserved_apis_and_versions_are_refused_and_the_connection_stays(broker):
    wire = KafkaWire.connect(broker.port, timeout=10)
    try:
        assert advertised(wire) == IMPLEMENTED
        # DescribeAcls v1, an API the broker does not serve: throttle time, then the error.
        acl_filter = struct.pack(">bhbhhbb", 1, -1, 1, -1, -1, 2, 3)
        assert struct.unpack(">ih", wire.call(29, 1, acl_filter)[:6]) == (0, UNSUPPORTED_VERSION)
        # ListOffsets v0 (the pre-0.10.1 offsets array), a version it does not serve: the error on the partition.
        request = struct.pack(">ii", -1, 1) + kafka_string("any") + struct.pack(">iiqi", 1, 0, -1, 1)
        response = wire.call(2, 0, request)
        name_length = struct.unpack(">h", response[4:6])[0]
        partition = response[6 + name_length + 4:]
        assert struct.unpack(">ih", partition[:6]) == (0, UNSUPPORTED_VERSION)
        assert advertised(wire) == IMPLEMENTED  # still connected, still answering
    finally:
        wire.close()
