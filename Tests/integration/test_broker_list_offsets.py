"""ListOffsets from real clients: earliest and latest, and by timestamp the
first offset whose record timestamp is at or after the query (Kafka's rule,
also when timestamps go backwards inside a batch), across several segments
and batches; a timestamp after the last record finds nothing."""
import re
import subprocess
import time

from confluent_kafka import Consumer, TopicPartition
from confluent_kafka.admin import AdminClient, OffsetSpec
from kafka import KafkaConsumer
from kafka import TopicPartition as PythonTopicPartition

from helpers import create_topic, produce

TOPIC = "clock"
BATCHES, PER_BATCH = 12, 5


def timestamps_for(partition, base):
    """Rising timestamps, except that the second record of batch 3 jumps ahead
    of the two after it: a query between them must find that record."""
    stamps = [base + partition * 500 + 1000 * i for i in range(BATCHES * PER_BATCH)]
    stamps[3 * PER_BATCH + 1] = stamps[3 * PER_BATCH + 3] + 500
    return stamps


def produce_timestamped(bootstrap, base):
    """One produce call per batch, so that each partition's log holds twelve
    batches over several small segments; returns {partition: [(offset, timestamp)]}."""
    stored = {0: [], 1: []}
    for batch in range(BATCHES):
        records = [
            (partition, f"p{partition}-{i}".encode(), timestamps_for(partition, base)[i])
            for partition in (0, 1) for i in range(batch * PER_BATCH, (batch + 1) * PER_BATCH)
        ]
        for message in produce(bootstrap, TOPIC, records, **{"linger.ms": 50}):
            stored[message.partition()].append((message.offset(), message.timestamp()[1]))
    for partition in stored:
        stored[partition].sort()
        assert [offset for offset, _ in stored[partition]] == list(range(BATCHES * PER_BATCH))
        assert [stamp for _, stamp in stored[partition]] == timestamps_for(partition, base)
    return stored


def expected(records, query):
    """Kafka's answer: the first record in log order with timestamp >= query, or None."""
    return next(((offset, stamp) for offset, stamp in records if stamp >= query), None)


def queries(records):
    """Every timestamp, the instant before and after it, before everything and after everything."""
    stamps = sorted({stamp for _, stamp in records})
    return sorted({q for stamp in stamps for q in (stamp - 1, stamp, stamp + 1)} | {0, stamps[-1] + 1, stamps[-1] + 10**9})


def test_offsets_for_times_earliest_and_latest(broker):
    # Small segments and a dense index, so lookups go through the time index
    # and across segment boundaries rather than only scanning one file.
    create_topic(broker.bootstrap, TOPIC, partitions=2,
                 config={"segment.bytes": "1024", "index.interval.bytes": "256"})
    base = int(time.time() * 1000) - 3_600_000
    stored = produce_timestamped(broker.bootstrap, base)
    segments = list((broker.data_dir / "logs" / f"{TOPIC}-0").glob("*.log"))
    assert len(segments) >= 3, f"expected several segments, found {len(segments)}"

    consumer = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "clock-reader"})
    python = KafkaConsumer(bootstrap_servers=broker.bootstrap)
    try:
        for partition in (0, 1):
            assert consumer.get_watermark_offsets(TopicPartition(TOPIC, partition), timeout=10) == (0, 60)
        python_partitions = [PythonTopicPartition(TOPIC, p) for p in (0, 1)]
        assert python.beginning_offsets(python_partitions) == {tp: 0 for tp in python_partitions}
        assert python.end_offsets(python_partitions) == {tp: 60 for tp in python_partitions}

        all_queries = sorted(set(queries(stored[0])) | set(queries(stored[1])))
        assert expected(stored[0], timestamps_for(0, base)[3 * PER_BATCH + 2] - 200) == (
            3 * PER_BATCH + 1, timestamps_for(0, base)[3 * PER_BATCH + 1]), "the out-of-order case is not exercised"
        for query in all_queries:
            # Both partitions in one request (confluent-kafka), one partition per request (kafka-python).
            answers = consumer.offsets_for_times([TopicPartition(TOPIC, p, query) for p in (0, 1)], timeout=10)
            for answer in answers:
                assert answer.error is None
                want = expected(stored[answer.partition], query)
                assert answer.offset == (want[0] if want else -1), f"confluent-kafka, partition {answer.partition}, ts {query}"
            for tp in python_partitions:
                found = python.offsets_for_times({tp: query})[tp]
                want = expected(stored[tp.partition], query)
                assert (None if found is None else (found.offset, found.timestamp)) == want, \
                    f"kafka-python, partition {tp.partition}, ts {query}"
    finally:
        consumer.close()
        python.close()

    # The admin client's ListOffsets: earliest, latest and by timestamp in one request.
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    late_query = timestamps_for(1, base)[-1] + 1
    specs = {TopicPartition(TOPIC, 0): OffsetSpec.earliest(), TopicPartition(TOPIC, 1): OffsetSpec.for_timestamp(late_query)}
    listed = {tp.partition: future.result(10) for tp, future in admin.list_offsets(specs).items()}
    assert (listed[0].offset, listed[1].offset) == (0, -1)
    middle = timestamps_for(0, base)[3 * PER_BATCH + 2] - 200
    specs = {TopicPartition(TOPIC, 0): OffsetSpec.for_timestamp(middle), TopicPartition(TOPIC, 1): OffsetSpec.latest()}
    listed = {tp.partition: future.result(10) for tp, future in admin.list_offsets(specs).items()}
    assert (listed[0].offset, listed[0].timestamp) == expected(stored[0], middle)
    assert listed[1].offset == 60


def test_kcat_queries_offsets_by_timestamp(broker):
    create_topic(broker.bootstrap, TOPIC, partitions=2)
    base = int(time.time() * 1000) - 3_600_000
    stored = produce_timestamped(broker.bootstrap, base)

    def kcat_offset(partition, query):
        result = subprocess.run(["kcat", "-b", broker.bootstrap, "-Q", "-t", f"{TOPIC}:{partition}:{query}"],
                                capture_output=True, timeout=30, check=True)
        match = re.search(rf"{TOPIC} \[{partition}\] offset (-?\d+)", result.stdout.decode())
        assert match, result.stdout.decode() + result.stderr.decode()
        return int(match.group(1))

    for partition in (0, 1):
        stamps = timestamps_for(partition, base)
        for query in (stamps[0] - 5, stamps[7], stamps[7] + 1, stamps[3 * PER_BATCH + 2] - 200, stamps[-1]):
            assert kcat_offset(partition, query) == expected(stored[partition], query)[0]
        assert kcat_offset(partition, stamps[-1] + 1) == -1
