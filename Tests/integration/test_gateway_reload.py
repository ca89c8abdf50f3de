"""SIGHUP reloads a running `portcullis gateway`'s configuration file: an
authorization setting (`super.users`) takes effect without a restart; a changed
setting that cannot change at runtime is named in the log as needing a
restart; a file that no longer parses is refused with its FILE:LINE error and
changes nothing; `portcullis dev` logs that it has nothing to reload and
keeps running."""
import signal

import pytest
from confluent_kafka import KafkaException, Producer

from gateway_fixtures import create_topic, dev_cluster, start_gateway, stop_gateway  # noqa: F401 (fixture)

PASSWORD = "a reload test passphrase"
TOPIC = "reloaded"


def produce_one(producer):
    errors = []
    producer.produce(TOPIC, b"x", on_delivery=lambda error, _: errors.append(error))
    producer.flush(15)
    return errors[0] if errors else "not delivered"


@pytest.fixture
def gateway(tmp_path):
    started = start_gateway(tmp_path, {"SASL_PLAINTEXT": "SASL_PLAINTEXT"},
                            {"allow.everyone.if.no.acl.found": "false", "super.users": "User:admin"})
    yield started
    stop_gateway(started)


def rewrite(gateway, **changes):
    """The gateway's file with settings changed (value None: removed)."""
    config = gateway.root / "gateway.properties"
    lines = [line for line in config.read_text().splitlines()
             if line.split("=", 1)[0] not in changes]
    lines += [f"{key.replace('_', '.')}={value}" for key, value in changes.items() if value is not None]
    config.write_text("\n".join(lines) + "\n")


def test_sighup_applies_super_users_at_once_and_names_what_needs_a_restart(gateway):
    gateway.add_scram_user("admin", PASSWORD)
    gateway.add_scram_user("bob", PASSWORD)
    create_topic(gateway.scram("SASL_PLAINTEXT", "admin", PASSWORD), TOPIC)
    bob = Producer({**gateway.scram("SASL_PLAINTEXT", "bob", PASSWORD), "retries": 0, "message.timeout.ms": 10000})
    refused = produce_one(bob)
    assert refused is not None and refused.code() == 29, refused  # TOPIC_AUTHORIZATION_FAILED

    config = gateway.root / "gateway.properties"
    config.write_text(config.read_text().replace("super.users=User:admin", "super.users=User:admin;User:bob")
                      + "socket.request.max.bytes=1048576\n")
    mark = gateway.log.mark()
    gateway.process.send_signal(signal.SIGHUP)
    reloaded = gateway.log.wait_for("configuration reloaded", since=mark)[0]
    assert "applied=super.users" in reloaded and "needs-restart=socket.request.max.bytes" in reloaded, reloaded
    # A new producer: librdkafka remembers the refusal in its metadata cache until its next refresh.
    bob = Producer({**gateway.scram("SASL_PLAINTEXT", "bob", PASSWORD), "retries": 0, "message.timeout.ms": 10000})
    assert produce_one(bob) is None, "bob is a super user now"

    config.write_text(config.read_text() + "no.such.setting=1\n")
    lines = len(config.read_text().splitlines())
    mark = gateway.log.mark()
    gateway.process.send_signal(signal.SIGHUP)
    refusal = gateway.log.wait_for("configuration reload refused", since=mark)[0]
    assert f"gateway.properties:{lines}: unknown setting 'no.such.setting'" in refusal, refusal
    assert produce_one(bob) is None, "a refused reload changes nothing"
    assert gateway.alive()


def test_dev_logs_that_it_has_nothing_to_reload(dev_cluster):
    mark = dev_cluster.log.mark()
    dev_cluster.process.send_signal(signal.SIGHUP)
    dev_cluster.log.wait_for("SIGHUP ignored", since=mark)
    assert dev_cluster.alive()
