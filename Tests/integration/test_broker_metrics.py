"""`portcullis broker --metrics-listen`: a broker on its own serves the broker
tier's metrics (log size per topic at level topic, partitions, KMS requests,
the process) and answers /readyz."""
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

from conftest import BrokerProcess, free_port
from helpers import create_topic, produce


def test_a_standalone_broker_serves_its_metrics(tmp_path):
    port = free_port()
    broker = BrokerProcess(tmp_path / "broker",
                           extra_args=["--metrics-listen", f"127.0.0.1:{port}", "--metrics-level", "topic"]).start()
    try:
        create_topic(broker.bootstrap, "sized", partitions=3)
        produce(broker.bootstrap, "sized", [(n % 3, b"x" * 100) for n in range(10)])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as answer:
            text = answer.read().decode()
        samples = {(s.name, frozenset(s.labels.items())): s.value
                   for family in text_string_to_metric_families(text) for s in family.samples}
        assert samples[("portcullis_broker_partitions", frozenset())] == 3
        assert samples[("portcullis_broker_log_size_bytes", frozenset({("topic", "sized")}))] > 1000
        assert samples[("portcullis_kms_requests_total",
                        frozenset({("operation", "GenerateDataKey"), ("result", "success")}))] >= 1
        assert samples[("process_resident_memory_bytes", frozenset())] > 0
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=10) as answer:
            assert answer.status == 200
    finally:
        broker.kill()
