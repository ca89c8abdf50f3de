"""kafka-python in a consumer group of two members: they split the
partitions, the survivor takes over when one leaves, offsets are committed,
and after a broker restart a new member resumes exactly at the commit point."""
import threading
import time

from kafka import KafkaAdminClient, KafkaConsumer
from kafka.errors import CommitFailedError

from helpers import create_topic, produce, wait_until

TOPIC, GROUP = "ledger", "ledger-readers"


class Member(threading.Thread):
    """One KafkaConsumer, used only from its own thread: polls, records what it
    reads with the partitions it held, and commits after every batch."""

    def __init__(self, bootstrap, name):
        super().__init__(name=name, daemon=True)
        self.bootstrap = bootstrap
        self.lock = threading.Lock()
        self.records = []  # (partition, offset, value)
        self.assigned = set()
        self.stopping = threading.Event()
        self.failure = None

    def run(self):
        consumer = None
        try:
            consumer = KafkaConsumer(
                TOPIC, bootstrap_servers=self.bootstrap, group_id=GROUP, client_id=self.name,
                auto_offset_reset="earliest", enable_auto_commit=False,
                session_timeout_ms=6000, heartbeat_interval_ms=300,
            )
            while not self.stopping.is_set():
                batches = consumer.poll(timeout_ms=200)
                read = [(r.partition, r.offset, r.value) for records in batches.values() for r in records]
                if read:
                    try:
                        consumer.commit()
                    except CommitFailedError:
                        pass  # a rebalance overtook the commit: the next owner may read these again
                with self.lock:
                    self.records += read
                    self.assigned = {tp.partition for tp in consumer.assignment()}
        except Exception as error:  # surfaced by the test through `check`
            self.failure = error
        finally:
            if consumer is not None:
                consumer.close(autocommit=False)  # LeaveGroup

    def values(self):
        with self.lock:
            return [value for _, _, value in self.records]

    def partitions_read(self, values):
        with self.lock:
            return {partition for partition, _, value in self.records if value in values}

    def holding(self):
        self.check()
        with self.lock:
            return set(self.assigned)

    def check(self):
        assert self.failure is None, f"{self.name} failed: {self.failure!r}"

    def stop(self):
        self.stopping.set()
        self.join(30)
        assert not self.is_alive(), f"{self.name} did not stop"
        self.check()


def records(prefix, count):
    """`count` records spread evenly over the four partitions."""
    return [(i % 4, f"{prefix}{i:02d}".encode()) for i in range(count)]


def test_two_kafka_python_members_split_rebalance_commit_and_resume(broker):
    create_topic(broker.bootstrap, TOPIC, partitions=4)
    first_wave = records("a", 40)
    produce(broker.bootstrap, TOPIC, first_wave)

    first = Member(broker.bootstrap, "first")
    first.start()
    wait_until(lambda: first.holding() == {0, 1, 2, 3}, 30, "the only member to hold every partition")
    wait_until(lambda: len(set(first.values())) == 40, 30, "the first member to read the first wave")

    second = Member(broker.bootstrap, "second")
    second.start()
    wait_until(lambda: len(first.holding()) == 2 and first.holding() | second.holding() == {0, 1, 2, 3},
               30, "the two members to split the partitions")
    split = (first.holding(), second.holding())

    second_wave = records("b", 40)
    produce(broker.bootstrap, TOPIC, second_wave)
    wanted = {value for _, value in second_wave}
    wait_until(lambda: wanted <= set(first.values()) | set(second.values()), 30, "the pair to read the second wave")
    assert first.partitions_read(wanted) == split[0] and second.partitions_read(wanted) == split[1], \
        "a member read a partition it was not assigned"
    assert set(second.values()) <= wanted, "the new member re-read records the first had committed"

    second.stop()  # LeaveGroup: the survivor takes every partition
    wait_until(lambda: first.holding() == {0, 1, 2, 3}, 30, "the survivor to take over every partition")
    third_wave = records("c", 40)
    produce(broker.bootstrap, TOPIC, third_wave)
    wait_until(lambda: {v for _, v in third_wave} <= set(first.values()), 30, "the survivor to read the third wave")
    first.stop()
    read_before = first.values() + second.values()
    assert set(read_before) == {v for _, v in first_wave + second_wave + third_wave}

    admin = KafkaAdminClient(bootstrap_servers=broker.bootstrap)
    try:
        committed = {tp.partition: meta.offset for tp, meta in admin.list_consumer_group_offsets(GROUP).items()}
    finally:
        admin.close()
    assert committed == {p: 30 for p in range(4)}, "the group did not commit everything it read"

    # Records after the commit point: some before the restart, some after.
    before_restart, after_restart = records("d", 8), records("e", 8)
    produce(broker.bootstrap, TOPIC, before_restart)
    broker.restart()
    produce(broker.bootstrap, TOPIC, after_restart)

    resumed = Member(broker.bootstrap, "resumed")
    resumed.start()
    expected = sorted(v for _, v in before_restart + after_restart)
    wait_until(lambda: len(resumed.values()) >= len(expected), 30, "the new member to read past the commit point")
    time.sleep(1.0)  # room for a duplicate to show up
    resumed.stop()
    assert sorted(resumed.values()) == expected, "not exactly the records after the commit point, each once"
    first_offsets = {}
    for partition, offset, _ in resumed.records:
        first_offsets.setdefault(partition, offset)
    assert first_offsets == committed, "the new member did not start at the committed offsets"
