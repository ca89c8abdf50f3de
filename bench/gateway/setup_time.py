"""How long a connection takes to set up, and what a bare TLS handshake costs the server.

- connect_to_metadata: librdkafka (confluent-kafka) from creating a producer to the
  answer of its first Metadata request (TCP, [TLS,] ApiVersions, [SASL,] Metadata),
  with the client settings given, N times with a fresh client each time.
- bare_handshakes: a loop of raw TCP connect + full TLS handshake (no session
  resumption) + close against a TLS listener, under a Meter, so the server's CPU per
  handshake can be set against its CPU per authenticated connection on the same
  listener.
"""
import socket
import ssl
import time

from confluent_kafka import Producer

from meter import Meter


def connect_to_metadata(settings, topic, samples, timeout=10.0):
    """Seconds from Producer() to list_topics(topic) answered, per sample (a new client each time)."""
    seconds = []
    for _ in range(samples):
        started = time.perf_counter()
        producer = Producer(settings)
        producer.list_topics(topic, timeout=timeout)
        seconds.append(time.perf_counter() - started)
        del producer  # librdkafka's threads end here, outside the timing
    return seconds


def negotiated(port, ca):
    """(TLS version, cipher suite) a default Python/OpenSSL client gets from the listener on `port`."""
    context = ssl.create_default_context(cafile=str(ca))
    with socket.create_connection(("127.0.0.1", port), timeout=5.0) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            return tls.version(), tls.cipher()[0]


def bare_handshakes(processes, port, ca, count):
    """`count` times: TCP connect, a full TLS handshake, close. Returns the Meter's result
    with handshakes/s and each process's CPU ms per handshake."""
    context = ssl.create_default_context(cafile=str(ca))
    with Meter(processes) as meter:
        for _ in range(count):
            raw = socket.create_connection(("127.0.0.1", port), timeout=5.0)
            raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                context.wrap_socket(raw, server_hostname="localhost").close()
            finally:
                raw.close()
    return meter.result(handshakes_per_s=count / meter.seconds,
                        **{f"{name}_cpu_ms": seconds / count * 1e3 for name, seconds in meter.cpu.items()})
