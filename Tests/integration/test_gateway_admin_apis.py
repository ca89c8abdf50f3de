"""Managing Portcullis with confluent-kafka's AdminClient through `portcullis
dev`: ACLs created, described and deleted, SCRAM credentials described and
altered — answered by the gateway from its policy store, taking effect on
the gateway's own decisions, recorded with who made them — and refused
with CLUSTER_AUTHORIZATION_FAILED to a principal without Alter/Describe on
the cluster."""
import json
import secrets
import time

import pytest
from confluent_kafka import KafkaError, KafkaException, Producer
from confluent_kafka.admin import (AclBinding, AclBindingFilter, AclOperation, AclPermissionType, AdminClient,
                                   ResourcePatternType, ResourceType, ScramCredentialInfo, ScramMechanism,
                                   UserScramCredentialDeletion, UserScramCredentialUpsertion)

from gateway_fixtures import POLICY_PROPAGATION, add_scram_user, authctl, create_topic, dev_cluster  # noqa: F401 (fixture)

PASSWORD = "an admin-api test passphrase"


def result(futures, timeout=15):
    return {key: future.result(timeout) for key, future in futures.items()}


def test_acls_round_trip_through_the_admin_api_and_decide(dev_cluster):
    admin = AdminClient(dev_cluster.scram())
    name = f"apiuser-{secrets.token_hex(3)}"
    add_scram_user(dev_cluster.data_dir, name, PASSWORD)
    topic = f"{name}-topic"
    create_topic(dev_cluster.scram(), topic)
    binding = AclBinding(ResourceType.TOPIC, topic, ResourcePatternType.LITERAL, f"User:{name}", "*",
                         AclOperation.WRITE, AclPermissionType.ALLOW)
    result(admin.create_acls([binding]))
    described = admin.describe_acls(AclBindingFilter(ResourceType.TOPIC, topic, ResourcePatternType.ANY, None, None,
                                                     AclOperation.ANY, AclPermissionType.ANY)).result(15)
    assert [(b.name, b.principal, b.operation) for b in described] == [(topic, f"User:{name}", AclOperation.WRITE)]
    stored = json.loads(authctl(dev_cluster.data_dir, "acl", "list", "--topic", topic, "--output", "json"))
    assert [(a["principal"], a["operation"]) for a in stored] == [(f"User:{name}", "Write")]
    time.sleep(POLICY_PROPAGATION)
    outcome = []
    producer = Producer({**dev_cluster.scram(name, PASSWORD), "message.timeout.ms": 10000})
    producer.produce(topic, b"allowed by an ACL made through the admin API", on_delivery=lambda err, msg: outcome.append(err))
    producer.flush(15)
    assert outcome == [None]

    deleted = result(admin.delete_acls([AclBindingFilter(ResourceType.TOPIC, topic, ResourcePatternType.MATCH, None, None,
                                                         AclOperation.ANY, AclPermissionType.ANY)]))
    assert [b.principal for b in next(iter(deleted.values()))] == [f"User:{name}"]
    assert json.loads(authctl(dev_cluster.data_dir, "acl", "list", "--topic", topic, "--output", "json")) == []
    time.sleep(1.0)  # the gateway relays the store's changes to the decision log within a quarter second
    changes = authctl(dev_cluster.data_dir, "audit", "query", "--kind", "admin-change", "--output", "json")
    actions = [(r["actor"], r["action"]) for r in map(json.loads, changes.splitlines()) if topic in r.get("subject", "")]
    assert ("User:admin", "acl.add") in actions and ("User:admin", "acl.remove") in actions, actions


def test_scram_credentials_through_the_admin_api(dev_cluster):
    admin = AdminClient(dev_cluster.scram())
    name = f"scramuser-{secrets.token_hex(3)}"
    upsert = UserScramCredentialUpsertion(name, ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), PASSWORD.encode())
    assert result(admin.alter_user_scram_credentials([upsert])) == {name: None}
    described = result(admin.describe_user_scram_credentials([name]))
    infos = described[name].scram_credential_infos
    assert [(i.mechanism, i.iterations) for i in infos] == [(ScramMechanism.SCRAM_SHA_512, 4096)]
    time.sleep(POLICY_PROPAGATION)
    Producer(dev_cluster.scram(name, PASSWORD)).list_topics(timeout=10)  # the new credential authenticates

    result(admin.alter_user_scram_credentials([UserScramCredentialDeletion(name, ScramMechanism.SCRAM_SHA_512)]))
    time.sleep(POLICY_PROPAGATION)
    with pytest.raises(KafkaException):
        Producer(dev_cluster.scram(name, PASSWORD)).list_topics(timeout=5)


def test_a_principal_without_cluster_rights_is_refused(dev_cluster):
    name = f"nobody-{secrets.token_hex(3)}"
    add_scram_user(dev_cluster.data_dir, name, PASSWORD)
    admin = AdminClient(dev_cluster.scram(name, PASSWORD))
    binding = AclBinding(ResourceType.TOPIC, "anything", ResourcePatternType.LITERAL, f"User:{name}", "*",
                         AclOperation.ALL, AclPermissionType.ALLOW)
    with pytest.raises(KafkaException) as refused:
        result(admin.create_acls([binding]))
    assert refused.value.args[0].code() == KafkaError.CLUSTER_AUTHORIZATION_FAILED
    assert json.loads(authctl(dev_cluster.data_dir, "acl", "list", "--principal", f"User:{name}", "--output", "json")) == []
    # librdkafka drops DescribeAcls' top-level error (a refusal by Apache Kafka reads the same): the
    # listing comes back empty although ACLs exist; the refusal shows in the decision log.
    authctl(dev_cluster.data_dir, "acl", "add", "--allow-principal", "User:someone", "--operation", "Read", "--topic", "t")
    listed = admin.describe_acls(AclBindingFilter(ResourceType.ANY, None, ResourcePatternType.ANY, None, None,
                                                  AclOperation.ANY, AclPermissionType.ANY)).result(15)
    assert listed == []
    time.sleep(3)
    refusals = [json.loads(line) for line in authctl(dev_cluster.data_dir, "audit", "query", "--principal", name,
                                                     "--decision", "DENY", "--output", "json").splitlines()]
    assert {(r["apiKey"], r["resourceType"], r["operation"]) for r in refusals} >= {(30, "Cluster", "Alter"), (29, "Cluster", "Describe")}
