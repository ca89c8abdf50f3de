"""The decision log with real clients: what a gateway records (authentications
with their reason and never a secret, DENYs with the deciding rule, each
connection's first ALLOW, authctl's changes with their actor), `authctl audit
verify` on the log it wrote and on copies edited, cut short, reordered and
with a record deleted, and a log on a full disk failing closed."""
import json
import re
import shutil
import subprocess
import time

import pytest
from confluent_kafka import KafkaError, KafkaException, Producer

from gateway_fixtures import AUTHCTL, BrokerProcess, GatewayProcess, add_scram_user, authctl, create_topic, stop_gateway, POLICY_PROPAGATION
from tmpfs import grow, tmpfs

PASSWORD = "a decision-log test passphrase"


def records(data_dir, *filters):
    return [json.loads(line) for line in authctl(data_dir, "audit", "query", *filters, "--output", "json").splitlines()]


def verify(data_dir, key_dir):
    return subprocess.run([str(AUTHCTL), "audit", "verify", "--data-dir", str(data_dir), "--key-data-dir", str(key_dir)],
                          capture_output=True, text=True, timeout=60)


def later_time(line):
    """The record with its time moved by a microsecond: an edit that keeps the line well-formed."""
    return re.sub(r'(\d)Z"', lambda digit: f'{(int(digit.group(1)) + 1) % 10}Z"', line, count=1)


def produce(settings, topic, count=1, timeout_ms=10000, until_refused=False):
    """Produces `count` records one request each (or until one fails, with `until_refused`);
    returns the delivery errors (None for success)."""
    outcome = []
    producer = Producer({**settings, "linger.ms": 0, "message.timeout.ms": timeout_ms})
    for index in range(count):
        if until_refused and any(error is not None for error in outcome):
            break
        try:
            producer.produce(topic, f"{index}".encode(), on_delivery=lambda err, msg: outcome.append(err))
        except KafkaException as refused:  # librdkafka refuses at once a topic Metadata said is not authorized
            outcome.append(refused.args[0])
        producer.flush(timeout_ms / 1000 + 5)
    return outcome


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    """A broker and a gateway with Kafka's default authorization, a user who may write one topic."""
    root = tmp_path_factory.mktemp("audited")
    broker = BrokerProcess(root / "broker").start()
    gateway = GatewayProcess(root, broker, {"SASL_PLAINTEXT": "SASL_PLAINTEXT"},
                             {"allow.everyone.if.no.acl.found": "false", "super.users": "User:root"}).start()
    add_scram_user(gateway.data_dir, "root", PASSWORD)
    add_scram_user(gateway.data_dir, "writer", PASSWORD)
    authctl(gateway.data_dir, "acl", "add", "--allow-principal", "User:writer", "--operation", "Write", "--topic", "allowed",
            "--actor", "ops-alice")
    time.sleep(POLICY_PROPAGATION)  # the writer's first produce must meet the ACL, not the policy before it
    create_topic(gateway.scram("SASL_PLAINTEXT", "root", PASSWORD), "allowed")
    create_topic(gateway.scram("SASL_PLAINTEXT", "root", PASSWORD), "denied")
    yield gateway
    stop_gateway(gateway)


def test_decisions_and_changes_are_recorded_without_secrets(audited):
    writer = audited.scram("SASL_PLAINTEXT", "writer", PASSWORD)
    assert produce(writer, "allowed", count=3) == [None, None, None]
    assert [e.code() for e in produce(writer, "denied")] == [KafkaError.TOPIC_AUTHORIZATION_FAILED]
    wrong = audited.scram("SASL_PLAINTEXT", "writer", "not the passphrase")
    with pytest.raises(KafkaException):
        Producer(wrong).list_topics(timeout=5)
    time.sleep(3)  # a checkpoint interval: the writer has flushed

    decided = records(audited.data_dir, "--principal", "writer", "--kind", "authorization")
    allowed = [r for r in decided if r["decision"] == "ALLOW" and r["resourceName"] == "allowed" and r["operation"] == "Write"]
    # librdkafka asks Metadata first, and produces nothing to a topic it may not Describe.
    denied = [r for r in decided if r["decision"] == "DENY" and r["resourceName"] == "denied"]
    assert allowed and denied, decided
    assert len({r["connection"] for r in allowed}) == len(allowed), "an ALLOW was recorded twice on one connection"
    assert denied[0]["rule"] == "default-deny" and denied[0]["listener"] == "SASL_PLAINTEXT"
    assert allowed[0]["rule"] == "acl" and "User:writer" in allowed[0]["ruleDescription"]
    assert allowed[0]["client"] == "127.0.0.1" and allowed[0]["clientPort"] > 0 and allowed[0]["mechanism"] == "SCRAM-SHA-512"

    logins = records(audited.data_dir, "--principal", "writer", "--kind", "authentication")
    assert any(r["decision"] == "ALLOW" for r in logins)
    failures = [r for r in logins if r["decision"] == "DENY"]
    assert failures and "reason" in failures[0], logins
    changes = records(audited.data_dir, "--kind", "admin-change")
    assert any(r["actor"] == "ops-alice" and r["action"] == "acl.add" for r in changes), changes
    log_text = "".join(path.read_text() for path in (audited.data_dir / "audit").glob("decisions-*.jsonl"))
    assert PASSWORD not in log_text and "not the passphrase" not in log_text


def test_verify_catches_edits_deletions_reordering_and_truncation(audited, tmp_path):
    produce(audited.scram("SASL_PLAINTEXT", "writer", PASSWORD), "allowed")
    time.sleep(3)
    key_dir = audited.broker.data_dir
    intact = verify(audited.data_dir, key_dir)
    assert intact.returncode == 0 and "intact" in intact.stdout, intact.stdout + intact.stderr

    def tampered(name, change):
        copy = tmp_path / name
        (copy / "audit").mkdir(parents=True)
        for item in (audited.data_dir / "audit").iterdir():
            if item.name != "writer.lock":
                shutil.copy2(item, copy / "audit" / item.name)
        log = sorted((copy / "audit").glob("decisions-*.jsonl"))[0]
        lines = log.read_text().splitlines(keepends=True)
        log.write_text("".join(change(lines)))
        result = verify(copy, key_dir)
        assert result.returncode == 1, f"{name}: {result.stdout}{result.stderr}"
        return result.stdout + result.stderr

    assert "line 2" in tampered("edited", lambda lines: [lines[0], later_time(lines[1]), *lines[2:]])
    assert "line 2" in tampered("deleted", lambda lines: [lines[0], *lines[2:]])
    assert "line 2" in tampered("reordered", lambda lines: [lines[0], lines[2], lines[1], *lines[3:]])
    assert "BROKEN" in tampered("truncated", lambda lines: lines[:2])


@pytest.fixture
def small_disk(tmp_path):
    """A gateway whose decision log lives on a 96 KiB tmpfs, logging every ALLOW."""
    broker = BrokerProcess(tmp_path / "broker").start()
    gateway = GatewayProcess(tmp_path, broker, {"SASL_PLAINTEXT": "SASL_PLAINTEXT"},
                             {"audit.log.every.allow": "true", "audit.retry.interval.ms": "200"})
    with tmpfs(gateway.data_dir / "audit", "96k") as mount_point:
        try:
            gateway.start()
            yield gateway, mount_point
        finally:
            stop_gateway(gateway)


def test_a_full_disk_fails_closed_and_recovers(small_disk):
    gateway, mount_point = small_disk
    add_scram_user(gateway.data_dir, "filler", PASSWORD)
    settings = gateway.scram("SASL_PLAINTEXT", "filler", PASSWORD)
    create_topic(settings, "filling")
    mark = gateway.log.mark()
    errors = produce(settings, "filling", count=1000, timeout_ms=1500, until_refused=True)
    assert any(error is not None for error in errors), "every produce succeeded on a full log disk"
    gateway.log.wait_for("the audit log cannot be written", since=mark, timeout=10)
    assert "new requests are refused" in gateway.log.since(mark)
    assert gateway.alive()
    grow(mount_point, "16m")
    gateway.log.wait_for("the audit log is being written again", since=mark, timeout=15)
    assert produce(settings, "filling", count=2) == [None, None]
