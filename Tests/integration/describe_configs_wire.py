"""DescribeConfigs (API 32) v0–v4 by hand: requests encoded, responses
decoded and encoded again (v4 is flexible: compact lengths, tagged fields).
No client library speaks v3–v4 of it in bytes a test can see."""
import struct

DESCRIBE_CONFIGS = 32
TOPIC, BROKER, BROKER_LOGGER = 2, 4, 8


class Reader:
    def __init__(self, data, flexible):
        self.data, self.at, self.flexible = data, 0, flexible

    def take(self, count):
        chunk = self.data[self.at:self.at + count]
        assert len(chunk) == count, "truncated DescribeConfigs response"
        self.at += count
        return chunk

    def int(self, fmt):
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]

    def varint(self):
        value, shift = 0, 0
        while True:
            byte = self.take(1)[0]
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7

    def length(self):
        """An array's or string's length; -1 for null."""
        return self.varint() - 1 if self.flexible else self.int(">i")

    def string(self):
        length = self.varint() - 1 if self.flexible else self.int(">h")
        return None if length < 0 else self.take(length).decode()

    def array(self, element):
        return [element() for _ in range(max(self.length(), 0))]

    def tags(self):
        if self.flexible:
            for _ in range(self.varint()):
                self.varint()
                self.take(self.varint())


class Writer:
    def __init__(self, flexible):
        self.out, self.flexible = bytearray(), flexible

    def int(self, fmt, value):
        self.out += struct.pack(fmt, value)

    def varint(self, value):
        while value >= 0x80:
            self.out.append(value & 0x7F | 0x80)
            value >>= 7
        self.out.append(value)

    def string(self, text):
        data = None if text is None else text.encode()
        length = -1 if data is None else len(data)
        if self.flexible:
            self.varint(length + 1)
        else:
            self.int(">h", length)
        self.out += data or b""

    def length(self, count):
        """An array's length; -1 for null."""
        if self.flexible:
            self.varint(count + 1)
        else:
            self.int(">i", count)

    def array(self, items, element):
        self.length(len(items))
        for item in items:
            element(item)

    def tags(self):
        if self.flexible:
            self.varint(0)


def describe_configs_request(version, resources, include_synonyms=True, include_documentation=True):
    """`resources`: (resource type, name) pairs, every config of each. Returns (body, flexible)."""
    out = Writer(version >= 4)

    def resource(item):
        out.int(">b", item[0])
        out.string(item[1])
        out.length(-1)  # null: every config
        out.tags()

    out.array(resources, resource)
    if version >= 1:
        out.int(">?", include_synonyms)
    if version >= 3:
        out.int(">?", include_documentation)
    out.tags()
    return bytes(out.out), out.flexible


def decode_response(body, version):
    """A response body (after the header) as dicts, named as in the schema."""
    read = Reader(body, version >= 4)

    def synonym():
        entry = {"name": read.string(), "value": read.string(), "source": read.int(">b")}
        read.tags()
        return entry

    def config():
        entry = {"name": read.string(), "value": read.string(), "read_only": read.int(">?")}
        if version == 0:
            entry["is_default"] = read.int(">?")
        else:
            entry["source"] = read.int(">b")
        entry["is_sensitive"] = read.int(">?")
        entry["synonyms"] = read.array(synonym) if version >= 1 else []
        if version >= 3:
            entry["type"], entry["documentation"] = read.int(">b"), read.string()
        read.tags()
        return entry

    def result():
        entry = {"error_code": read.int(">h"), "error_message": read.string(), "resource_type": read.int(">b"),
                 "resource_name": read.string(), "configs": read.array(config)}
        read.tags()
        return entry

    response = {"throttle_time_ms": read.int(">i"), "results": read.array(result)}
    read.tags()
    assert read.at == len(body), f"{len(body) - read.at} bytes left after a DescribeConfigs v{version} response"
    return response


def encode_response(response, version):
    """The inverse of `decode_response` (tagged fields dropped)."""
    out = Writer(version >= 4)

    def synonym(entry):
        out.string(entry["name"])
        out.string(entry["value"])
        out.int(">b", entry["source"])
        out.tags()

    def config(entry):
        out.string(entry["name"])
        out.string(entry["value"])
        out.int(">?", entry["read_only"])
        if version == 0:
            out.int(">?", entry.get("is_default", False))
        else:
            out.int(">b", entry.get("source", -1))
        out.int(">?", entry["is_sensitive"])
        if version >= 1:
            out.array(entry["synonyms"], synonym)
        if version >= 3:
            out.int(">b", entry.get("type", 0))
            out.string(entry.get("documentation"))
        out.tags()

    def result(entry):
        out.int(">h", entry["error_code"])
        out.string(entry["error_message"])
        out.int(">b", entry["resource_type"])
        out.string(entry["resource_name"])
        out.array(entry["configs"], config)
        out.tags()

    out.int(">i", response["throttle_time_ms"])
    out.array(response["results"], result)
    out.tags()
    return bytes(out.out)
