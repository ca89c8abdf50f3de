"""The gateway in front of an upstream with its own security: a second
gateway (SASL_SSL with SCRAM, and SSL with client certificates) stands in for
a secured Kafka cluster. Clients talk to the front gateway; the front gateway
authenticates to the upstream as its own principal, and renews its SASL
sessions there before they end (KIP-368)."""
import contextlib
import os
import subprocess
import time

from confluent_kafka import Consumer, Producer, TopicPartition

from gateway_fixtures import GatewayProcess, LogFile, authctl, create_topic, run_kcat, start_gateway, stop_gateway


class UpstreamAddress:
    """What GatewayProcess needs of its upstream: a bootstrap address, and a
    broker data directory whose KMS keys the decision log."""

    def __init__(self, bootstrap, data_dir):
        self.bootstrap = bootstrap
        self.data_dir = data_dir


def secured_upstream(root):
    ca = root / "gateway" / "certs" / "ca.pem"
    return start_gateway(root, {"SASL_SSL": "SASL_SSL", "SSL": "SSL"}, {
        "listener.name.ssl.ssl.ca.location": ca,
        "listener.name.ssl.ssl.principal.mapping.rules": "RULE:^CN=([^,]+).*$/$1/,DEFAULT",
    })


def password_file(path, password):
    path.write_text(password + "\n")
    os.chmod(path, 0o600)
    return path


def relay_scram_settings(upstream, password_path):
    """The front gateway authenticates to the upstream as `relay` with SCRAM-SHA-512 over TLS."""
    return {
        "upstream.security.protocol": "SASL_SSL",
        "upstream.ssl.ca.location": upstream.ca,
        "upstream.sasl.mechanism": "SCRAM-SHA-512",
        "upstream.sasl.username": "relay",
        "upstream.sasl.password.file": password_path,
    }


def front_gateway(root, upstream, listener, settings):
    """A gateway (not yet started) with one PLAINTEXT listener (anonymous, as it must say), in front of the upstream's `listener`."""
    address = UpstreamAddress(f"localhost:{upstream.ports[listener]}", upstream.broker.data_dir)
    return GatewayProcess(root, address, {"PLAINTEXT": "PLAINTEXT"}, {"allow.anonymous": "true", **settings})


def produce_and_consume_through(front, topic):
    plaintext = f"127.0.0.1:{front.ports['PLAINTEXT']}"
    create_topic({"bootstrap.servers": plaintext}, topic)
    values = [f"{topic}-{n}" for n in range(5)]
    produced = run_kcat("-b", plaintext, "-P", "-t", topic, stdin="\n".join(values) + "\n")
    assert produced.returncode == 0, produced.stderr
    consumed = run_kcat("-b", plaintext, "-C", "-t", topic, "-o", "beginning", "-e", "-q")
    assert consumed.stdout.split() == values, consumed.stderr


def test_front_gateway_authenticates_to_the_upstream_with_scram_over_tls(tmp_path):
    upstream = secured_upstream(tmp_path / "upstream")
    try:
        upstream.add_scram_user("relay", "relay-passphrase-1")
        settings = relay_scram_settings(upstream, password_file(tmp_path / "relay.password", "relay-passphrase-1"))
        front = front_gateway(tmp_path / "front", upstream, "SASL_SSL", settings).start()
        try:
            mark = upstream.log.mark()
            produce_and_consume_through(front, "relayed-scram")
            assert upstream.log.lines(r"principal=User:relay .*authenticated", since=mark)
            assert "relay-passphrase-1" not in front.log.text() + upstream.log.text()
        finally:
            front.stop()
    finally:
        stop_gateway(upstream)


def test_front_gateway_presents_a_client_certificate_to_an_mtls_upstream(tmp_path):
    upstream = secured_upstream(tmp_path / "upstream")
    try:
        authctl(upstream.data_dir, "user", "add", "relay-cert")
        certificates = tmp_path / "relay-cert"
        authctl(upstream.data_dir, "cert", "issue", "--principal", "relay-cert", "--out", str(certificates))
        settings = {
            "upstream.security.protocol": "SSL",
            "upstream.ssl.ca.location": upstream.ca,
            "upstream.ssl.certificate.location": certificates / "relay-cert.pem",
            "upstream.ssl.key.location": certificates / "relay-cert.key",
        }
        front = front_gateway(tmp_path / "front", upstream, "SSL", settings).start()
        try:
            mark = upstream.log.mark()
            produce_and_consume_through(front, "relayed-mtls")
            assert upstream.log.lines(r"principal=User:relay-cert .*authenticated", since=mark)
        finally:
            front.stop()
    finally:
        stop_gateway(upstream)


def test_wrong_upstream_password_is_reported_and_nothing_is_served(tmp_path):
    upstream = secured_upstream(tmp_path / "upstream")
    try:
        upstream.add_scram_user("relay", "relay-passphrase-1")
        settings = relay_scram_settings(upstream, password_file(tmp_path / "relay.password", "not-the-password"))
        front = front_gateway(tmp_path / "front", upstream, "SASL_SSL", settings)
        front.data_dir.mkdir(parents=True)
        config = tmp_path / "front.properties"
        config.write_text(front.properties())
        log = LogFile(tmp_path / "front.log")
        with open(log.path, "ab") as output:
            process = subprocess.Popen(front.command(config), stdout=output, stderr=subprocess.STDOUT)
        try:
            log.wait_for("refused the gateway's SASL authentication", timeout=15)
            assert not log.lines("gateway listening")
            assert "not-the-password" not in log.text()
        finally:
            process.kill()
            process.wait(timeout=10)
    finally:
        stop_gateway(upstream)


@contextlib.contextmanager
def relay_to_short_sessions(root):
    """A front gateway relaying as `relay` (SCRAM over TLS) to an upstream
    whose SASL sessions end after 3 s; yields the upstream, the front gateway
    and client settings for the front's PLAINTEXT listener."""
    upstream = start_gateway(root / "upstream", {"SASL_SSL": "SASL_SSL"}, {"connections.max.reauth.ms": "3000"})
    try:
        upstream.add_scram_user("relay", "relay-passphrase-1")
        settings = relay_scram_settings(upstream, password_file(root / "relay.password", "relay-passphrase-1"))
        front = front_gateway(root / "front", upstream, "SASL_SSL", settings).start()
        try:
            yield upstream, front, {"bootstrap.servers": f"127.0.0.1:{front.ports['PLAINTEXT']}"}
        finally:
            front.stop()
    finally:
        stop_gateway(upstream)


def poll_into(consumer, received):
    """One poll; a record's value is appended to `received`, an error fails the test."""
    if (message := consumer.poll(0.2)) is not None:
        assert message.error() is None, message.error()
        received.append(message.value())


def test_front_gateway_renews_its_upstream_sessions_and_its_clients_notice_nothing(tmp_path):
    """The upstream ends SASL sessions after 3 s (connections.max.reauth.ms) and
    closes connections not re-authenticated by then. For 10 s a producer
    (acks=all) and a consumer (long-polling fetches, so a request is nearly
    always in flight) run through the front gateway: every record arrives, in
    order, with no error, because the front gateway re-authenticates each
    upstream connection between requests instead of losing it."""
    with relay_to_short_sessions(tmp_path) as (upstream, front, plaintext):
        create_topic(plaintext, "renewed")
        upstream_mark, front_mark = upstream.log.mark(), front.log.mark()
        failures, sent, received = [], [], []
        producer = Producer({**plaintext, "acks": "all"})
        consumer = Consumer({**plaintext, "group.id": "renewal", "enable.auto.commit": False})
        consumer.assign([TopicPartition("renewed", 0, 0)])
        try:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                value = f"record-{len(sent)}".encode()
                producer.produce("renewed", value, on_delivery=lambda error, _: error and failures.append(error))
                sent.append(value)
                producer.poll(0)
                poll_into(consumer, received)
            assert producer.flush(10) == 0
            deadline = time.monotonic() + 10
            while len(received) < len(sent) and time.monotonic() < deadline:
                poll_into(consumer, received)
        finally:
            consumer.close()
        assert failures == []
        assert received == sent
        # Each upstream connection (bootstrap probes aside) renewed its session at least twice.
        assert len(front.log.lines("re-authenticated to the upstream", since=front_mark)) >= 4
        assert len(upstream.log.lines(r"principal=User:relay .*re-authenticated", since=upstream_mark)) >= 4
        assert not upstream.log.lines(r"principal=User:relay .*session expired", since=upstream_mark)
        assert not front.log.lines("upstream connection lost", since=front_mark)


def test_refused_upstream_renewal_fails_closed(tmp_path):
    """The relay's password changes at the upstream: its next renewal is
    refused, the front gateway drops that upstream connection (reported,
    without the password), and nothing more is served with the old
    credentials: new requests fail instead of reaching the upstream."""
    with relay_to_short_sessions(tmp_path) as (upstream, front, plaintext):
        create_topic(plaintext, "refused-renewal")
        producer = Producer({**plaintext, "acks": "all", "message.timeout.ms": 4000})
        producer.produce("refused-renewal", b"before")
        assert producer.flush(10) == 0
        mark = front.log.mark()
        authctl(upstream.data_dir, "scram", "set", "relay", "--mechanism", "SCRAM-SHA-512", "--password-stdin",
                stdin="relay-passphrase-2\n")
        front.log.wait_for("re-authentication to the upstream failed", since=mark, timeout=10)
        failures = []
        producer.produce("refused-renewal", b"after", on_delivery=lambda error, _: failures.append(error))
        producer.flush(10)
        assert failures and failures[0] is not None
        text = front.log.text() + upstream.log.text()
        assert "relay-passphrase-1" not in text and "relay-passphrase-2" not in text
        assert front.alive()
