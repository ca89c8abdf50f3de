"""IAM policies deciding for IAM principals on a `portcullis gateway` listener
with OAUTHBEARER and AWS_MSK_IAM, with confluent-kafka and AWS's signer:
a user allowed to write one topic writes it and is refused another (implicit
deny, then an explicit Deny statement named in the decision log); a consumer
needs AlterGroup on its group; a user without kafka-cluster:Connect cannot
authenticate at all."""
import time

import pytest
from confluent_kafka import Consumer, KafkaError, KafkaException, Producer

from gateway_fixtures import (add_iam_user, audit_records, add_scram_user, create_topic, iam_oauth_settings, iam_policy, iam_resource,
                              iam_user_arn, put_iam_policy, start_iam_gateway, stop_gateway, wait_for_records,
                              IAM_CLUSTER_ARN)

PASSWORD = "an iam policy test passphrase"
ORDERS, SECRETS = iam_resource("topic", "orders"), iam_resource("topic", "secrets")


@pytest.fixture(scope="module")
def iam_gateway(tmp_path_factory):
    """A gateway with an IAM listener, the topics `orders` and `secrets` made over SCRAM."""
    gateway = start_iam_gateway(tmp_path_factory.mktemp("iam-policies"))
    try:
        add_scram_user(gateway.data_dir, "root", PASSWORD)
        for topic in ("orders", "secrets"):
            create_topic(gateway.scram("SASL_PLAINTEXT", "root", PASSWORD), topic)
        yield gateway
    finally:
        stop_gateway(gateway)


def settings_for(gateway, key):
    return iam_oauth_settings(gateway.ports["IAM"], gateway.ca, *key)


def produce(settings, topic, timeout_s=10):
    """One record; returns the delivery error (None when delivered)."""
    outcome = []
    producer = Producer({**settings, "linger.ms": 0, "message.timeout.ms": int(timeout_s * 1000)})
    producer.poll(0)
    try:
        producer.produce(topic, b"record", on_delivery=lambda err, msg: outcome.append(err))
    except KafkaException as refused:  # librdkafka refuses at once a topic Metadata said is not authorized
        return refused.args[0]
    producer.flush(timeout_s + 5)
    assert outcome, f"no delivery report within {timeout_s + 5}s"
    return outcome[0]


def code(error):
    return None if error is None else error.code()


def consume_error_or_records(settings, group, topic, want=1, timeout_s=15):
    """Polls a consumer of `topic` in `group` until it has `want` records or an error; returns (records, error)."""
    consumer = Consumer({**settings, "group.id": group, "auto.offset.reset": "earliest", "enable.auto.commit": False})
    records = []
    try:
        consumer.subscribe([topic])
        deadline = time.monotonic() + timeout_s
        while len(records) < want and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is None:
                continue
            if message.error():
                return records, message.error()
            records.append(message.value())
    finally:
        consumer.close()
    return records, None


def authorization_denials(gateway, arn, topic):
    return lambda record: (record.get("principal") == f"User:{arn}" and record.get("decision") == "DENY"
                           and record.get("resourceName") == topic)


def test_a_policy_allows_one_topic_and_default_denies_another(iam_gateway):
    gateway = iam_gateway
    key = add_iam_user(gateway, "writer", iam_policy(
        ("Allow", ["Connect"], IAM_CLUSTER_ARN),
        ("Allow", ["DescribeTopic", "WriteData"], ORDERS, "WriteOrders")))
    settings = settings_for(gateway, key)
    assert produce(settings, "orders") is None
    assert code(produce(settings, "secrets")) == KafkaError.TOPIC_AUTHORIZATION_FAILED

    arn = iam_user_arn("writer")
    denied = wait_for_records(gateway.data_dir, authorization_denials(gateway, arn, "secrets"), "--kind", "authorization",
                              "--principal", arn, "--topic", "secrets")
    assert denied[0]["rule"] == "iam-default-deny", denied[0]
    assert denied[0]["resourceType"] == "Topic", denied[0]
    assert denied[0]["mechanism"] == "OAUTHBEARER", denied[0]
    allowed = wait_for_records(gateway.data_dir, lambda r: r.get("principal") == f"User:{arn}" and r.get("decision") == "ALLOW"
                               and r.get("resourceName") == "orders", "--kind", "authorization")
    assert allowed[0]["rule"] == "iam-policy" and "writer-policy" in allowed[0]["ruleDescription"], allowed[0]
    assert "WriteOrders" in allowed[0]["ruleDescription"], allowed[0]


def test_an_explicit_deny_is_named_in_the_decision_log(iam_gateway):
    gateway = iam_gateway
    key = add_iam_user(gateway, "nosecrets", iam_policy(
        ("Allow", ["Connect"], IAM_CLUSTER_ARN),
        ("Allow", ["DescribeTopic", "WriteData"], iam_resource("topic", "*")),
        ("Deny", ["WriteData", "DescribeTopic"], SECRETS, "NoSecrets")))
    settings = settings_for(gateway, key)
    assert produce(settings, "orders") is None
    assert code(produce(settings, "secrets")) == KafkaError.TOPIC_AUTHORIZATION_FAILED
    denied = wait_for_records(gateway.data_dir, authorization_denials(gateway, iam_user_arn("nosecrets"), "secrets"),
                              "--kind", "authorization")
    assert denied[0]["rule"] == "iam-policy", denied[0]
    assert "NoSecrets" in denied[0]["ruleDescription"] and "nosecrets-policy" in denied[0]["ruleDescription"], denied[0]


def test_a_consumer_needs_alter_group(iam_gateway):
    gateway = iam_gateway
    writer = add_iam_user(gateway, "feeder", iam_policy(
        ("Allow", ["Connect"], IAM_CLUSTER_ARN), ("Allow", ["DescribeTopic", "WriteData"], ORDERS)))
    assert produce(settings_for(gateway, writer), "orders") is None
    group = iam_resource("group", "order-readers")
    key = add_iam_user(gateway, "reader", iam_policy(
        ("Allow", ["Connect"], IAM_CLUSTER_ARN),
        ("Allow", ["DescribeTopic", "ReadData"], ORDERS),
        ("Allow", ["DescribeGroup"], group)))
    settings = settings_for(gateway, key)
    records, error = consume_error_or_records(settings, "order-readers", "orders")
    assert code(error) == KafkaError.GROUP_AUTHORIZATION_FAILED, (records, error)
    assert records == []

    put_iam_policy(gateway, "reader-groups", iam_policy(("Allow", ["AlterGroup"], group)), user="reader")
    records, error = consume_error_or_records(settings, "order-readers", "orders")
    assert error is None and records, (records, error)


def test_without_connect_authentication_fails(iam_gateway):
    gateway = iam_gateway
    key = add_iam_user(gateway, "outsider", iam_policy(("Allow", ["DescribeTopic", "WriteData"], iam_resource("topic", "*"))))
    errors = []
    producer = Producer({**settings_for(gateway, key), "error_cb": errors.append})
    with pytest.raises(KafkaException):
        producer.list_topics(timeout=5)
    deadline = time.monotonic() + 10
    while not errors and time.monotonic() < deadline:
        producer.poll(0.2)  # error_cb is served by poll
    assert any(error.code() == KafkaError._AUTHENTICATION for error in errors), errors
    arn = iam_user_arn("outsider")
    refused = wait_for_records(gateway.data_dir, lambda r: r.get("principal") == f"User:{arn}" and r.get("decision") == "DENY",
                               "--kind", "authentication")
    assert "may not kafka-cluster:Connect" in refused[0]["reason"], refused[0]
    assert refused[0]["mechanism"] == "OAUTHBEARER", refused[0]
    logins = audit_records(gateway.data_dir, "--kind", "authentication")
    assert not [r for r in logins if r.get("principal") == f"User:{arn}" and r.get("decision") == "ALLOW"], logins
