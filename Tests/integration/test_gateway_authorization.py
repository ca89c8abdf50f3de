"""ACLs and network rules with real clients through `portcullis dev`, which
keeps Kafka's default (no ACL, no access): users with different ACLs
produce, consume and list topics; partly allowed requests; a group without
an ACL; prefixed ACLs; DENY over ALLOW; User:*; per-topic CIDR rules; a
policy change reaching an open connection."""
import json
import secrets
import struct
import time

from confluent_kafka import Consumer, KafkaError, Producer

from gateway_fixtures import POLICY_PROPAGATION, add_scram_user, authctl, create_topic, dev_cluster  # noqa: F401 (fixture)
from gateway_wire import KafkaWire, kafka_string

METADATA = 3

PASSWORD = "correct horse battery staple"


def user(cluster, prefix):
    name = f"{prefix}-{secrets.token_hex(3)}"
    add_scram_user(cluster.data_dir, name, PASSWORD)
    return name, cluster.scram(name, PASSWORD)


def acl(cluster, *args):
    authctl(cluster.data_dir, "acl", "add", *args)
    time.sleep(POLICY_PROPAGATION)


def logged(cluster, principal, resource_name, decision):
    """The decision-log records of `principal`'s `decision`s on `resource_name`, once the writer has flushed."""
    deadline = time.monotonic() + 5
    while True:
        found = [json.loads(line) for line in authctl(cluster.data_dir, "audit", "query", "--principal", principal,
                                                      "--decision", decision, "--output", "json").splitlines()]
        found = [r for r in found if r.get("resourceName") == resource_name]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.5)


def produce(settings, records):
    """Produces (topic, value) pairs; returns {topic: error name or None} from the delivery reports."""
    outcome = {}
    producer = Producer({**settings, "message.timeout.ms": 10000, "retries": 0})
    for topic, value in records:
        producer.produce(topic, value, on_delivery=lambda err, msg: outcome.__setitem__(msg.topic(), err and err.name()))
    producer.flush(15)
    return outcome


def consume(settings, topic, group, count, timeout=15.0):
    consumer = Consumer({**settings, "group.id": group, "auto.offset.reset": "earliest"})
    consumer.subscribe([topic])
    values, errors = [], []
    deadline = time.monotonic() + timeout
    while len(values) < count and not errors and time.monotonic() < deadline:
        message = consumer.poll(0.5)
        if message is None:
            continue
        if message.error():
            errors.append(message.error().code())
        else:
            values.append(message.value())
    consumer.close()
    return values, errors


def test_multi_topic_produce_is_partly_allowed(dev_cluster):
    admin = dev_cluster.scram()
    name, settings = user(dev_cluster, "writer")
    allowed, denied = f"{name}-allowed", f"{name}-denied"
    create_topic(admin, allowed)
    create_topic(admin, denied)
    acl(dev_cluster, "--allow-principal", f"User:{name}", "--operation", "Write", "--topic", allowed)
    outcome = produce(settings, [(allowed, b"kept"), (denied, b"refused")])
    assert outcome == {allowed: None, denied: "TOPIC_AUTHORIZATION_FAILED"}
    values, errors = consume(admin, allowed, f"{name}-check", 1)
    assert values == [b"kept"], errors
    # librdkafka asks Metadata (Describe) before it produces; either denial names the rule.
    assert [r["rule"] for r in logged(dev_cluster, name, denied, "DENY")][:1] == ["default-deny"]
    assert [r["rule"] for r in logged(dev_cluster, name, allowed, "ALLOW") if r["operation"] == "Write"][:1] == ["acl"]


def test_consumer_needs_read_on_its_group(dev_cluster):
    admin = dev_cluster.scram()
    name, settings = user(dev_cluster, "reader")
    topic = f"{name}-events"
    create_topic(admin, topic)
    produce(admin, [(topic, b"one")])
    acl(dev_cluster, "--allow-principal", f"User:{name}", "--operation", "Read", "--topic", topic)
    values, errors = consume(settings, topic, f"{name}-group", 1)
    assert values == [] and KafkaError.GROUP_AUTHORIZATION_FAILED in errors, (values, errors)
    assert any(r["resourceType"] == "Group" for r in logged(dev_cluster, name, f"{name}-group", "DENY"))
    acl(dev_cluster, "--allow-principal", f"User:{name}", "--operation", "Read", "--group", f"{name}-",
        "--resource-pattern-type", "prefixed")
    values, errors = consume(settings, topic, f"{name}-group", 1)
    assert values == [b"one"], errors


def test_deny_overrides_a_wildcard_allow_and_metadata_shows_only_describable_topics(dev_cluster):
    admin = dev_cluster.scram()
    name, settings = user(dev_cluster, "lister")
    visible, hidden = f"{name}-visible", f"{name}-hidden"
    create_topic(admin, visible)
    create_topic(admin, hidden)
    acl(dev_cluster, "--allow-principal", "User:*", "--operation", "Describe", "--topic", f"{name}-",
        "--resource-pattern-type", "prefixed")
    acl(dev_cluster, "--deny-principal", f"User:{name}", "--operation", "Describe", "--topic", hidden)
    producer = Producer(settings)
    topics = set(producer.list_topics(timeout=10).topics)
    assert visible in topics and hidden not in topics, topics
    assert not logged(dev_cluster, name, hidden, "DENY"), "a topic left out of a listing was logged as a denial"
    assert produce(settings, [(hidden, b"x")]) == {hidden: "TOPIC_AUTHORIZATION_FAILED"}
    assert any(r["rule"] == "acl" and "DENY" in r["ruleDescription"] for r in logged(dev_cluster, name, hidden, "DENY"))
    other, other_settings = user(dev_cluster, "other")
    assert hidden in set(Producer(other_settings).list_topics(timeout=10).topics), "User:* did not reach another user"


def test_network_rule_applies_to_every_principal(dev_cluster):
    admin = dev_cluster.scram()
    topic = f"guarded-{secrets.token_hex(3)}"
    create_topic(admin, topic)
    authctl(dev_cluster.data_dir, "net", "allow", "--topic", topic, "--cidr", "127.0.0.2/32")
    time.sleep(POLICY_PROPAGATION)
    assert produce(admin, [(topic, b"x")]) == {topic: "TOPIC_AUTHORIZATION_FAILED"}, "a super user passed outside the rule"
    assert any(r["rule"] == "network-rule" for r in logged(dev_cluster, "admin", topic, "DENY"))
    authctl(dev_cluster.data_dir, "net", "allow", "--topic", topic, "--cidr", "127.0.0.0/8")
    time.sleep(POLICY_PROPAGATION)
    assert produce(admin, [(topic, b"x")]) == {topic: None}


def test_acl_removal_reaches_an_open_connection_within_a_second(dev_cluster):
    admin = dev_cluster.scram()
    name, settings = user(dev_cluster, "revoked")
    topic = f"{name}-stream"
    create_topic(admin, topic)
    acl(dev_cluster, "--allow-principal", f"User:{name}", "--operation", "Write", "--topic", topic)
    producer = Producer({**settings, "message.timeout.ms": 10000, "retries": 0})
    outcome = []
    producer.produce(topic, b"before", on_delivery=lambda err, msg: outcome.append(err))
    producer.flush(10)
    assert outcome == [None]
    authctl(dev_cluster.data_dir, "acl", "remove", "--force", "--allow-principal", f"User:{name}",
            "--operation", "Write", "--topic", topic)
    time.sleep(1.0)
    producer.produce(topic, b"after", on_delivery=lambda err, msg: outcome.append(err))
    producer.flush(10)
    assert outcome[1] is not None and outcome[1].code() == KafkaError.TOPIC_AUTHORIZATION_FAILED, outcome


def topic_error_from(cluster, source, topic):
    """The error code a Metadata v1 answer gives `topic`, asked as admin from the address `source`."""
    wire = KafkaWire.connect(cluster.scram_port, ca=cluster.ca, source=source)
    try:
        wire.scram_authenticate("admin", cluster.admin_password, "SCRAM-SHA-512")
        body = wire.call(METADATA, 1, struct.pack(">i", 1) + kafka_string(topic))
    finally:
        wire.close()
    (brokers,) = struct.unpack(">i", body[:4])
    offset = 4
    for _ in range(brokers):  # node id, host, port, rack
        offset += 4
        (length,) = struct.unpack(">h", body[offset:offset + 2])
        offset += 2 + length + 4
        (length,) = struct.unpack(">h", body[offset:offset + 2])
        offset += 2 + max(length, 0)
    offset += 4  # controller id
    (topics,) = struct.unpack(">i", body[offset:offset + 4])
    assert topics == 1
    return struct.unpack(">h", body[offset + 4:offset + 6])[0]


def test_a_network_rule_tells_client_addresses_apart(dev_cluster):
    topic = f"by-address-{secrets.token_hex(3)}"
    create_topic(dev_cluster.scram(), topic)
    authctl(dev_cluster.data_dir, "net", "allow", "--topic", topic, "--cidr", "127.0.0.2/32")
    time.sleep(POLICY_PROPAGATION)
    assert topic_error_from(dev_cluster, "127.0.0.2", topic) == 0
    assert topic_error_from(dev_cluster, "127.0.0.1", topic) == KafkaError.TOPIC_AUTHORIZATION_FAILED


def test_fetch_by_topic_id_is_decided_by_the_topics_name(dev_cluster):
    admin = dev_cluster.scram()
    name, settings = user(dev_cluster, "fetcher")
    topic = f"{name}-ids"
    create_topic(admin, topic)
    produce(admin, [(topic, b"by id")])
    acl(dev_cluster, "--allow-principal", f"User:{name}", "--consumer", "--topic", topic, "--group", f"{name}-group")
    values, errors = consume(settings, topic, f"{name}-group", 1)
    assert values == [b"by id"], errors
    time.sleep(3)
    fetches = [json.loads(line) for line in authctl(dev_cluster.data_dir, "audit", "query", "--principal", name, "--topic", topic,
                                                    "--output", "json").splitlines()]
    reads = [r for r in fetches if r["apiKey"] == 1 and r["operation"] == "Read"]
    assert reads and all(r["apiVersion"] >= 13 and r["decision"] == "ALLOW" for r in reads), fetches
