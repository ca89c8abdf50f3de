"""Message size: 1 MiB by default, configurable (10 MiB here)."""
from confluent_kafka import KafkaError, Producer

from helpers import consume, create_topic

TEN_MIB = 10 * 1024 * 1024


def test_records_over_the_default_limit_are_refused(broker):
    create_topic(broker.bootstrap, "small")
    producer = Producer({"bootstrap.servers": broker.bootstrap, "message.max.bytes": 3 * 1024 * 1024})
    results = []
    producer.produce("small", value=b"x" * (2 * 1024 * 1024), on_delivery=lambda error, _: results.append(error))
    producer.flush(15)
    assert len(results) == 1 and results[0] is not None
    assert results[0].code() == KafkaError.MSG_SIZE_TOO_LARGE


def test_ten_mebibyte_records_when_configured(broker_factory, tmp_path):
    config = tmp_path / "broker.properties"
    config.write_text(f"message.max.bytes={TEN_MIB + 1024}\n")
    broker = broker_factory(extra_args=["--config", str(config)])
    create_topic(broker.bootstrap, "large")
    producer = Producer({"bootstrap.servers": broker.bootstrap, "message.max.bytes": TEN_MIB + 4096, "acks": "all"})
    value = bytes(range(256)) * (TEN_MIB // 256)
    results = []
    producer.produce("large", value=value, on_delivery=lambda error, _: results.append(error))
    producer.flush(30)
    assert results == [None]
    messages = consume(broker.bootstrap, "large", 1, timeout=30,
                       **{"fetch.max.bytes": TEN_MIB * 2, "max.partition.fetch.bytes": TEN_MIB * 2,
                          "receive.message.max.bytes": TEN_MIB * 3})
    assert [m.value() for m in messages] == [value]
