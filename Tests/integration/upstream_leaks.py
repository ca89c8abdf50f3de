"""What an upstream address looks like inside a Kafka response, and a search
for it. Two encodings carry one:

- text, in any string (a config value, an error message, a URI): the port's
  decimal digits standing alone, as in `host:PORT`, `PLAINTEXT://host:PORT`,
  `1@host:PORT` or a bare `port` value;
- binary, in broker entries (Metadata, FindCoordinator, DescribeCluster): the
  host string followed at once by the port as a big-endian int32.

A five-digit port's digits arise by chance about once in 10^12 bytes, so the
text rule needs no host; the binary rule does (four bytes alone are too
likely in record data), so it looks for the upstream's own host names.
"""
import re
import struct

UPSTREAM_HOSTS = ("127.0.0.1", "localhost")


def find_upstream_addresses(response, ports, hosts=UPSTREAM_HOSTS):
    """Each place in `response` (bytes) where one of `ports` appears as an address, with its surroundings."""
    found = []
    for port in ports:
        for match in re.finditer(rb"(?<![0-9])%d(?![0-9])" % port, response):
            found.append(f"port {port} as text: {response[max(match.start() - 40, 0):match.end() + 10]!r}")
        for host in hosts:
            binary = host.encode() + struct.pack(">i", port)
            if binary in response:
                found.append(f"{host} and port {port} as int32: {binary!r}")
    return found


def find_upstream_host_ports(response, ports, hosts=UPSTREAM_HOSTS):
    """As `find_upstream_addresses`, but only `host:PORT` as text (and the
    binary form): for responses carrying arbitrary record data, where a
    port's digits alone could occur by chance."""
    found = []
    for port in ports:
        for host in hosts:
            for match in re.finditer(rb"%s:%d(?![0-9])" % (re.escape(host.encode()), port), response):
                found.append(f"{host}:{port} as text: {response[max(match.start() - 40, 0):match.end() + 10]!r}")
            if host.encode() + struct.pack(">i", port) in response:
                found.append(f"{host} and port {port} as int32")
    return found
