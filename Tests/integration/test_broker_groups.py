"""A consumer group of two members: they split the partitions, rebalance
when one leaves, commit, and a restarted member resumes where the group left off."""
from confluent_kafka import Consumer, Producer, TopicPartition

from helpers import consume, create_topic, poll_until


def member(bootstrap, group):
    consumer = Consumer({
        "bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
        "enable.auto.commit": False, "session.timeout.ms": 6000, "heartbeat.interval.ms": 500,
        "partition.assignment.strategy": "range",
    })
    consumer.subscribe(["shared"])
    return consumer


def test_two_members_split_partitions_rebalance_and_resume(broker):
    create_topic(broker.bootstrap, "shared", partitions=4)
    producer = Producer({"bootstrap.servers": broker.bootstrap, "acks": "all"})
    for i in range(40):
        producer.produce("shared", partition=i % 4, value=f"m{i:02d}".encode())
    producer.flush(15)

    first, second = member(broker.bootstrap, "pair"), member(broker.bootstrap, "pair")
    poll_until([first, second], lambda: len(first.assignment()) == 2 and len(second.assignment()) == 2)
    assigned = sorted(tp.partition for tp in first.assignment() + second.assignment())
    assert assigned == [0, 1, 2, 3], "the two members did not split the four partitions"

    second.close()  # LeaveGroup: the other member takes over every partition
    values, next_offsets = set(), {}

    def read(message):
        values.add(message.value())
        next_offsets[message.partition()] = max(next_offsets.get(message.partition(), 0), message.offset() + 1)

    poll_until([first], lambda: len(first.assignment()) == 4, on_message=read)

    # Nothing was committed: the remaining member reads every partition from the
    # beginning (some of it already while taking over), then commits what it read
    # (explicit offsets: a position can be unknown for a moment under load).
    poll_until([first], lambda: len(values) == 40, 20, "the remaining member to read every partition", on_message=read)
    to_commit = [TopicPartition("shared", partition, offset) for partition, offset in sorted(next_offsets.items())]
    first.commit(offsets=to_commit, asynchronous=False)
    committed = {tp.partition: tp.offset for tp in first.committed(to_commit, timeout=10)}
    first.close()
    assert committed == {0: 10, 1: 10, 2: 10, 3: 10}

    broker.restart()
    producer = Producer({"bootstrap.servers": broker.bootstrap, "acks": "all"})
    for i in range(40, 48):
        producer.produce("shared", partition=i % 4, value=f"m{i:02d}".encode())
    producer.flush(15)
    resumed = consume(broker.bootstrap, "shared", 60, group="pair", timeout=8)
    resumed_values = {m.value() for m in resumed}
    # Nothing committed before the restart is read again; what came after is.
    assert not (resumed_values & values), "records committed before the restart were delivered again"
    assert {f"m{i:02d}".encode() for i in range(40, 48)} <= resumed_values
