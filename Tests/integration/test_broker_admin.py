"""The admin APIs from real clients: ListGroups, DescribeGroups and
DeleteGroups (confluent-kafka's AdminClient and kafka-python's
KafkaAdminClient), CreatePartitions, DescribeConfigs, validate-only
requests, and the authorized operations kafka-python asks Metadata for."""
import pytest
from confluent_kafka import Consumer, ConsumerGroupState, ConsumerGroupTopicPartitions, KafkaError, KafkaException, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource, ConfigSource, NewPartitions, NewTopic, ResourceType
from kafka import KafkaAdminClient

from helpers import consume, create_topic, poll_until, produce

TOPIC = "audit"


def admin_for(broker):
    return AdminClient({"bootstrap.servers": broker.bootstrap})


def refusal(future):
    """The Kafka error a refused admin request carries."""
    with pytest.raises(KafkaException) as raised:
        future.result(15)
    return raised.value.args[0].code()


def active_member(broker, group):
    """A subscribed consumer that stays in the group (librdkafka heartbeats in the background)."""
    consumer = Consumer({
        "bootstrap.servers": broker.bootstrap, "group.id": group, "client.id": f"{group}-client",
        "auto.offset.reset": "earliest", "enable.auto.commit": False, "partition.assignment.strategy": "range",
        "topic.metadata.refresh.interval.ms": 1000,
    })
    consumer.subscribe([TOPIC])
    poll_until([consumer], lambda: consumer.assignment(), 30, f"{group} to be assigned")
    return consumer


def seed(broker):
    """The topic with two partitions of five records each."""
    create_topic(broker.bootstrap, TOPIC, partitions=2)
    produce(broker.bootstrap, TOPIC, [(i % 2, f"r{i}".encode()) for i in range(10)])


def test_list_and_describe_groups_with_both_admin_clients(broker):
    seed(broker)
    consume(broker.bootstrap, TOPIC, 10, group="idle", timeout=20)  # commits, leaves: Empty with offsets
    active = active_member(broker, "active")
    try:
        admin = admin_for(broker)
        listed = {g.group_id: g for g in admin.list_consumer_groups().result(15).valid}
        assert set(listed) == {"idle", "active"}
        assert listed["active"].state == ConsumerGroupState.STABLE
        assert listed["idle"].state == ConsumerGroupState.EMPTY
        assert not listed["active"].is_simple_consumer_group
        stable_only = admin.list_consumer_groups(states={ConsumerGroupState.STABLE}).result(15).valid
        assert [g.group_id for g in stable_only] == ["active"]

        described = {group: future.result(15) for group, future in admin.describe_consumer_groups(["active", "idle"]).items()}
        assert described["active"].state == ConsumerGroupState.STABLE
        assert described["active"].partition_assignor == "range"
        [member] = described["active"].members
        assert member.client_id == "active-client"
        assert member.host  # the client's address, as the broker saw it
        assert sorted((tp.topic, tp.partition) for tp in member.assignment.topic_partitions) == [(TOPIC, 0), (TOPIC, 1)]
        assert described["idle"].state == ConsumerGroupState.EMPTY
        assert described["idle"].members == []

        python = KafkaAdminClient(bootstrap_servers=broker.bootstrap)
        try:
            assert sorted(python.list_consumer_groups()) == [("active", "consumer"), ("idle", "consumer")]
            # kafka-python decodes authorized operations even when it did not ask for them, and reads
            # Kafka's "not requested" value as an invalid operation: ask, as its describe_topics does.
            active_info, idle_info = python.describe_consumer_groups(["active", "idle"], include_authorized_operations=True)
            assert (active_info.group, active_info.state, active_info.protocol_type, active_info.protocol) == \
                ("active", "Stable", "consumer", "range")
            assert set(active_info.authorized_operations) == {"READ", "DESCRIBE", "DELETE"}
            [python_member] = active_info.members
            assert python_member.member_id == member.member_id
            assert python_member.client_id == "active-client"
            assigned = python_member.member_assignment.assignment
            assert sorted((topic, p) for topic, partitions in assigned for p in partitions) == [(TOPIC, 0), (TOPIC, 1)]
            assert (idle_info.group, idle_info.state, idle_info.members) == ("idle", "Empty", [])
            committed = python.list_consumer_group_offsets("idle")
            assert {tp.partition: meta.offset for tp, meta in committed.items()} == {0: 5, 1: 5}
        finally:
            python.close()
    finally:
        active.close()
    # Once the last member has left, the group is Empty.
    after = admin.describe_consumer_groups(["active"])["active"].result(15)
    assert (after.state, after.members) == (ConsumerGroupState.EMPTY, [])


def test_delete_groups_refuses_non_empty_and_forgets_offsets(broker):
    seed(broker)
    consume(broker.bootstrap, TOPIC, 10, group="finished", timeout=20)
    active = active_member(broker, "busy")
    admin = admin_for(broker)
    try:
        assert refusal(admin.delete_consumer_groups(["busy"])["busy"]) == KafkaError.NON_EMPTY_GROUP
        assert refusal(admin.delete_consumer_groups(["never-existed"])["never-existed"]) == KafkaError.GROUP_ID_NOT_FOUND
        request = [ConsumerGroupTopicPartitions("finished", [TopicPartition(TOPIC, 0), TopicPartition(TOPIC, 1)])]
        before = admin.list_consumer_group_offsets(request)["finished"].result(15)
        assert sorted(tp.offset for tp in before.topic_partitions) == [5, 5]

        assert admin.delete_consumer_groups(["finished"])["finished"].result(15) is None
        listed = {g.group_id for g in admin.list_consumer_groups().result(15).valid}
        assert listed == {"busy"}, "the deleted group is still listed (or the refused one is gone)"
        after = admin.list_consumer_group_offsets(request)["finished"].result(15)
        assert [tp.offset for tp in after.topic_partitions] == [-1001, -1001], "offsets survived the group's deletion"
    finally:
        active.close()
    # The refused group kept its state; the deleted one starts over from the beginning.
    assert len(consume(broker.bootstrap, TOPIC, 10, group="finished", timeout=20)) == 10
    assert admin.delete_consumer_groups(["busy"])["busy"].result(15) is None


def test_create_partitions_grows_and_never_shrinks(broker):
    seed(broker)
    active = active_member(broker, "watcher")
    admin = admin_for(broker)
    try:
        assert refusal(admin.create_partitions([NewPartitions(TOPIC, 1)])[TOPIC]) == KafkaError.INVALID_PARTITIONS
        assert refusal(admin.create_partitions([NewPartitions(TOPIC, 2)])[TOPIC]) == KafkaError.INVALID_PARTITIONS
        assert refusal(admin.create_partitions([NewPartitions(TOPIC, 1)], validate_only=True)[TOPIC]) == \
            KafkaError.INVALID_PARTITIONS, "validate_only accepted what the real request refuses"
        assert refusal(admin.create_partitions([NewPartitions("missing", 3)])["missing"]) == KafkaError.UNKNOWN_TOPIC_OR_PART
        assert admin.create_partitions([NewPartitions(TOPIC, 5)], validate_only=True)[TOPIC].result(15) is None
        assert len(admin.list_topics(TOPIC, timeout=10).topics[TOPIC].partitions) == 2, "validate_only changed the topic"

        assert admin.create_partitions([NewPartitions(TOPIC, 4)])[TOPIC].result(15) is None
        assert sorted(admin.list_topics(TOPIC, timeout=10).topics[TOPIC].partitions) == [0, 1, 2, 3]
        [message] = produce(broker.bootstrap, TOPIC, [(3, b"in a new partition")])
        assert (message.partition(), message.offset()) == (3, 0)
        # The group's member picks up the new partitions at its next metadata refresh.
        poll_until([active], lambda: len(active.assignment()) == 4, 30, "the new partitions to be assigned")
    finally:
        active.close()
    broker.restart()
    assert sorted(admin_for(broker).list_topics(TOPIC, timeout=10).topics[TOPIC].partitions) == [0, 1, 2, 3]


def test_kafka_python_describes_topics_and_the_cluster(broker):
    # Metadata v8 asking for authorized operations: the broker answers every
    # operation (it authorizes nothing itself, as Kafka without an authorizer).
    seed(broker)
    python = KafkaAdminClient(bootstrap_servers=broker.bootstrap)
    try:
        [topic] = python.describe_topics([TOPIC])
        assert (topic["topic"], topic["error_code"], len(topic["partitions"])) == (TOPIC, 0, 2)
        assert set(topic["authorized_operations"]) == {
            "READ", "WRITE", "CREATE", "DELETE", "ALTER", "DESCRIBE", "DESCRIBE_CONFIGS", "ALTER_CONFIGS"}
        cluster = python.describe_cluster()
        assert [b["node_id"] for b in cluster["brokers"]] == [1]
        assert set(cluster["authorized_operations"]) == {
            "CREATE", "ALTER", "DESCRIBE", "CLUSTER_ACTION", "DESCRIBE_CONFIGS", "ALTER_CONFIGS", "IDEMPOTENT_WRITE"}
    finally:
        python.close()


def test_validate_only_answers_what_the_real_request_would(broker):
    admin = admin_for(broker)
    bad = NewTopic("checked", 1, 1, config={"retention.ms": "soon"})
    assert refusal(admin.create_topics([bad], validate_only=True)["checked"]) == KafkaError.INVALID_CONFIG
    assert refusal(admin.create_topics([NewTopic("checked", 0, 1)], validate_only=True)["checked"]) == \
        KafkaError.INVALID_PARTITIONS
    assert admin.create_topics([NewTopic("checked", 3, 1)], validate_only=True)["checked"].result(15) is None
    assert "checked" not in admin.list_topics(timeout=10).topics, "validate_only created the topic"


def test_describe_configs_for_a_topic_and_the_broker(broker):
    create_topic(broker.bootstrap, TOPIC, config={"retention.ms": "3600000", "segment.bytes": "1048576"})
    admin = admin_for(broker)
    topic = ConfigResource(ResourceType.TOPIC, TOPIC)
    entries = admin.describe_configs([topic])[topic].result(15)
    assert {"retention.ms", "retention.bytes", "segment.bytes", "segment.ms", "max.message.bytes"} <= set(entries)
    assert (entries["retention.ms"].value, entries["retention.ms"].source, entries["retention.ms"].is_default) == \
        ("3600000", ConfigSource.DYNAMIC_TOPIC_CONFIG.value, False)
    assert entries["segment.bytes"].value == "1048576"
    assert (entries["retention.bytes"].value, entries["retention.bytes"].source, entries["retention.bytes"].is_default) == \
        ("-1", ConfigSource.DEFAULT_CONFIG.value, True)
    assert entries["segment.ms"].value == "604800000"

    missing = ConfigResource(ResourceType.TOPIC, "missing")
    assert refusal(admin.describe_configs([missing])[missing]) == KafkaError.UNKNOWN_TOPIC_OR_PART
    node = ConfigResource(ResourceType.BROKER, "1")
    assert admin.describe_configs([node])[node].result(15)["message.max.bytes"].value == "1048588"
