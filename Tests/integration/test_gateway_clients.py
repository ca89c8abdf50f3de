"""Real clients through the gateway of `portcullis dev`: confluent-kafka and
kcat over mutual TLS and over SASL_SSL with SCRAM-SHA-256 and SCRAM-SHA-512
create a topic, produce, and read every record back in order; a consumer
group of two members splits a topic through the SCRAM listener and commits."""
import time

import pytest
from confluent_kafka import Consumer, ConsumerGroupTopicPartitions, TopicPartition
from confluent_kafka.admin import AdminClient

from gateway_fixtures import client_only, create_topic, dev_cluster, run_kcat, write_properties  # noqa: F401 (fixture)
from helpers import consume, poll_until, produce

LISTENERS = ["mtls", "SCRAM-SHA-256", "SCRAM-SHA-512"]


def settings_for(cluster, listener):
    return cluster.mtls() if listener == "mtls" else cluster.scram(mechanism=listener)


@pytest.mark.parametrize("listener", LISTENERS)
def test_confluent_kafka_produces_and_consumes(dev_cluster, listener):
    settings = settings_for(dev_cluster, listener)
    topic = f"confluent-{listener.lower()}"
    create_topic(settings, topic, partitions=2)
    records = [(i % 2, f"{listener}-{i:03d}".encode()) for i in range(60)]
    produce(settings["bootstrap.servers"], topic, records, **client_only(settings))

    received = consume(settings["bootstrap.servers"], topic, len(records), timeout=30, **client_only(settings))
    for partition in (0, 1):
        assert [m.value() for m in received if m.partition() == partition] == \
            [value for p, value in records if p == partition], f"partition {partition} differs from what was produced"


@pytest.mark.parametrize("listener", LISTENERS)
def test_kcat_produces_and_consumes(dev_cluster, listener, tmp_path):
    settings = settings_for(dev_cluster, listener)
    properties = write_properties(tmp_path / "client.properties", settings)
    topic = f"kcat-{listener.lower()}"
    create_topic(settings, topic)
    values = [f"kcat-{listener}-{i:03d}" for i in range(50)]

    produced = run_kcat("-F", properties, "-P", "-t", topic, "-p", "0", "-X", "message.timeout.ms=10000",
                        stdin="\n".join(values) + "\n")
    assert produced.returncode == 0, produced.stderr
    consumed = run_kcat("-F", properties, "-C", "-t", topic, "-o", "beginning", "-e", "-f", "%s\\n")
    assert consumed.returncode == 0, consumed.stderr
    assert consumed.stdout.splitlines() == values


def test_consumer_group_of_two_splits_a_topic_and_commits(dev_cluster):
    settings = dev_cluster.scram(mechanism="SCRAM-SHA-256")
    topic, group = "pairs", "pair-readers"
    create_topic(settings, topic, partitions=2)
    members = [Consumer({
        **settings, "group.id": group, "auto.offset.reset": "earliest", "enable.auto.commit": False,
        "session.timeout.ms": 6000, "heartbeat.interval.ms": 500,
    }) for _ in range(2)]
    try:
        for member in members:
            member.subscribe([topic])
        # Settle the group before producing, so no record is read by a member that then loses its partition.
        poll_until(members, lambda: all(len(m.assignment()) == 1 for m in members), timeout=30,
                   what="both members holding one partition")
        assert sorted(tp.partition for m in members for tp in m.assignment()) == [0, 1]

        records = [(i % 2, f"pair-{i:02d}".encode()) for i in range(40)]
        produce(settings["bootstrap.servers"], topic, records, **client_only(settings))
        read = [[], []]
        deadline = time.monotonic() + 30
        while sum(map(len, read)) < len(records) and time.monotonic() < deadline:
            for index, member in enumerate(members):
                message = member.poll(0.1)
                if message is not None:
                    assert not message.error(), message.error()
                    read[index].append(message)
        for member, messages in zip(members, read):
            (owned,) = [tp.partition for tp in member.assignment()]
            assert [m.value() for m in messages] == [value for p, value in records if p == owned]
            member.commit(asynchronous=False)
    finally:
        for member in members:
            member.close()

    request = ConsumerGroupTopicPartitions(group, [TopicPartition(topic, 0), TopicPartition(topic, 1)])
    admin = AdminClient(settings)  # kept referenced until the future completes
    committed = admin.list_consumer_group_offsets([request])[group].result(15)
    assert sorted((tp.partition, tp.offset) for tp in committed.topic_partitions) == [(0, 20), (1, 20)]

