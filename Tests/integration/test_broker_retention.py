"""Retention in a running broker, seen from real clients: a topic created with
small `segment.bytes` and `retention.bytes` (or `retention.ms`) through
CreateTopics loses its oldest segments within a bounded time; ListOffsets
earliest moves to the oldest remaining segment, the deleted segments' files
(data key included) are gone, and consumers start at the new earliest offset."""
import time

import pytest
from confluent_kafka import Consumer, TopicPartition
from confluent_kafka.admin import AdminClient, OffsetSpec
from kafka import KafkaConsumer
from kafka import TopicPartition as PythonTopicPartition

from helpers import consume, create_topic, produce, wait_until

SEGMENT_BYTES = 1024


@pytest.fixture
def broker(broker_factory, tmp_path):
    """A broker that checks retention every 200 ms instead of Kafka's five minutes."""
    config = tmp_path / "broker.properties"
    config.write_text("log.retention.check.interval.ms=200\n")
    return broker_factory(extra_args=["--config", str(config)])


def segment_files(broker, topic):
    """{base offset: {extension: size}} of the partition's segment files; a file
    retention deletes between the listing and its stat is left out."""
    segments = {}
    for path in (broker.data_dir / "logs" / f"{topic}-0").iterdir():
        base, _, extension = path.name.partition(".")
        if extension in ("log", "index", "timeindex", "key"):
            try:
                size = path.stat().st_size
            except FileNotFoundError:
                continue
            segments.setdefault(int(base), {})[extension] = size
    return segments


def earliest_offsets(broker, topic):
    """The log start offset as confluent-kafka (watermarks and AdminClient.list_offsets) and kafka-python see it."""
    consumer = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "watermarks"})
    python = KafkaConsumer(bootstrap_servers=broker.bootstrap)
    try:
        low, high = consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)
        tp = TopicPartition(topic, 0)
        admin = AdminClient({"bootstrap.servers": broker.bootstrap})  # kept alive until its answer arrives
        listed = admin.list_offsets({tp: OffsetSpec.earliest()})[tp].result(10)
        python_low = python.beginning_offsets([PythonTopicPartition(topic, 0)])[PythonTopicPartition(topic, 0)]
        return {"watermark": low, "admin": listed.offset, "kafka-python": python_low, "high": high}
    finally:
        consumer.close()
        python.close()


def assert_reads_from(broker, topic, earliest, values):
    """A new group reading from the beginning starts at `earliest` and gets every record after it, in order."""
    messages = consume(broker.bootstrap, topic, len(values) - earliest, timeout=20)
    assert [m.offset() for m in messages] == list(range(earliest, len(values)))
    assert [m.value() for m in messages] == values[earliest:]


def one_record_per_batch(values, timestamp=None):
    """Records for `produce`, sent one per batch so that the small segments roll often."""
    return [(0, value, timestamp) if timestamp else (0, value) for value in values]


def test_retention_by_size_deletes_the_oldest_segments(broker):
    retention_bytes = 3 * SEGMENT_BYTES
    create_topic(broker.bootstrap, "metrics", config={
        "segment.bytes": str(SEGMENT_BYTES), "retention.bytes": str(retention_bytes), "index.interval.bytes": "256",
    })
    values = [f"reading-{i:03d}-".encode() + b"x" * 180 for i in range(60)]
    produce(broker.bootstrap, "metrics", one_record_per_batch(values), **{"batch.num.messages": 1, "linger.ms": 0})

    def trimmed():
        segments = segment_files(broker, "metrics")
        sizes = [segments[base].get("log", 0) for base in sorted(segments)]
        # Kafka's rule: the log keeps at least retention.bytes, and no more than its oldest segment beyond it.
        return min(segments) > 0 and sum(sizes) >= retention_bytes and sum(sizes) - sizes[0] < retention_bytes

    wait_until(trimmed, 15, "retention by size to delete the oldest segments")
    segments = segment_files(broker, "metrics")
    oldest, active = min(segments), max(segments)
    # A finished segment has all four files; the active one writes its indexes when it rolls.
    # A deleted segment leaves nothing behind, its wrapped data key included.
    assert all(set(files) == {"log", "index", "timeindex", "key"} for base, files in segments.items() if base != active), segments
    assert {"log", "key"} <= set(segments[active]), segments
    assert earliest_offsets(broker, "metrics") == {"watermark": oldest, "admin": oldest, "kafka-python": oldest, "high": 60}
    assert_reads_from(broker, "metrics", oldest, values)

    consumer = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "clock"})
    try:
        [found] = consumer.offsets_for_times([TopicPartition("metrics", 0, 0)], timeout=10)
        assert found.offset == oldest, "a timestamp before every record finds the first one retained"
    finally:
        consumer.close()


def test_retention_by_time_deletes_segments_whose_records_are_all_old(broker):
    create_topic(broker.bootstrap, "events", config={
        "segment.bytes": str(SEGMENT_BYTES), "retention.ms": "600000", "index.interval.bytes": "256",
    })
    two_hours_ago = int(time.time() * 1000) - 2 * 3_600_000
    # 31 old records: with two records a segment, the fresh ones start inside a segment that also holds an old one.
    old = [f"old-{i:03d}-".encode() + b"o" * 180 for i in range(31)]
    fresh = [f"new-{i:03d}-".encode() + b"n" * 180 for i in range(29)]
    config = {"batch.num.messages": 1, "linger.ms": 0}
    produce(broker.bootstrap, "events", one_record_per_batch(old, two_hours_ago), **config)
    produce(broker.bootstrap, "events", one_record_per_batch(fresh), **config)

    # Every segment holding only two-hour-old records goes; the one where the fresh records start stays.
    def first_fresh_segment():
        bases = sorted(segment_files(broker, "events"))
        return bases[0] if bases[0] > 0 and (len(bases) == 1 or bases[1] > len(old)) else None

    oldest = wait_until(first_fresh_segment, 15, "retention by time to delete the old segments")
    assert 0 < oldest <= len(old), "a segment holding fresh records was deleted"
    assert earliest_offsets(broker, "events") == {"watermark": oldest, "admin": oldest, "kafka-python": oldest, "high": 60}
    assert_reads_from(broker, "events", oldest, old + fresh)

    # Time alone deletes nothing more: the remaining segments hold fresh records.
    time.sleep(1.0)
    assert min(segment_files(broker, "events")) == oldest
