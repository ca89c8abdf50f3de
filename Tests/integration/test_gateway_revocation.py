"""A principal removed or disabled with `authctl` while its consumer is
connected loses its connections within about a second (the gateway polls the
policy store every 100 ms), and the client cannot get back in: a SCRAM user
fails to authenticate, a certificate principal is closed after the handshake."""
import secrets
import time

from confluent_kafka import Consumer, KafkaError

from gateway_fixtures import POLICY_PROPAGATION, add_scram_user, authctl, create_topic, dev_cluster  # noqa: F401 (fixture)

REVOKED = "principal removed or disabled"


def connected_consumer(settings, topic, errors):
    """A consumer that has joined its group (so its connections are authenticated and in use)."""
    consumer = Consumer({**settings, "group.id": f"{topic}-readers", "auto.offset.reset": "earliest",
                         "error_cb": errors.append, "reconnect.backoff.ms": 200})
    consumer.subscribe([topic])
    deadline = time.monotonic() + 20
    while not consumer.assignment() and time.monotonic() < deadline:
        consumer.poll(0.2)
    assert consumer.assignment(), "the consumer never joined its group"
    return consumer


def revoke_and_time(cluster, principal, command):
    """Runs `authctl user COMMAND PRINCIPAL`; returns the seconds until the gateway
    logged closing that principal's connection."""
    mark = cluster.log.mark()
    authctl(cluster.data_dir, "user", command, principal)
    changed = time.monotonic()
    cluster.log.wait_for(rf"principal=User:{principal} reason={REVOKED}", since=mark, timeout=5)
    return time.monotonic() - changed, mark


def keep_polling(consumer, predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        consumer.poll(0.2)
    return predicate()


def test_removed_scram_user_is_disconnected_within_a_second_and_cannot_return(dev_cluster):
    user, password = f"leaver-{secrets.token_hex(3)}", secrets.token_urlsafe(12)
    # A super user: what ACLs allow is beside the point here, and revocation must reach even one.
    add_scram_user(dev_cluster.data_dir, user, password, super_user=True)
    settings = dev_cluster.scram(user, password, "SCRAM-SHA-256")
    create_topic(settings, f"{user}-topic")
    errors = []
    consumer = connected_consumer(settings, f"{user}-topic", errors)
    try:
        errors.clear()
        elapsed, mark = revoke_and_time(dev_cluster, user, "remove")
        assert elapsed < 1.0, f"the removed user's connection was closed only after {elapsed:.2f}s"
        assert keep_polling(consumer, lambda: any(e.code() == KafkaError._AUTHENTICATION for e in errors)), \
            f"the client did not fail to authenticate again: {errors}"
    finally:
        consumer.close()
    assert "invalid credentials" in dev_cluster.log.since(mark)


def test_disabled_certificate_principal_is_disconnected_within_a_second_and_refused(dev_cluster, tmp_path):
    principal = f"badge-{secrets.token_hex(3)}"
    authctl(dev_cluster.data_dir, "user", "add", principal, "--super-user")
    authctl(dev_cluster.data_dir, "cert", "issue", "--principal", principal, "--out", str(tmp_path))
    time.sleep(POLICY_PROPAGATION)
    settings = dev_cluster.mtls(tmp_path / f"{principal}.pem", tmp_path / f"{principal}.key")
    create_topic(settings, f"{principal}-topic")
    errors = []
    consumer = connected_consumer(settings, f"{principal}-topic", errors)
    try:
        errors.clear()
        elapsed, mark = revoke_and_time(dev_cluster, principal, "disable")
        assert elapsed < 1.0, f"the disabled principal's connection was closed only after {elapsed:.2f}s"
        refused = f"certificate principal User:{principal} is not an enabled principal"
        dev_cluster.log.wait_for(refused, since=mark, timeout=10)  # the client's reconnection is turned away
        assert keep_polling(consumer, lambda: errors), "the client saw no error after being disabled"
    finally:
        consumer.close()
