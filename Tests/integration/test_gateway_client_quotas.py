"""Client quotas through the gateway's Kafka admin APIs, on `portcullis dev`:
AlterClientQuotas and DescribeClientQuotas answered from the policy store
(the same quotas `authctl quota` manages, recorded with who made them), and
refused with CLUSTER_AUTHORIZATION_FAILED to a principal without AlterConfigs
or DescribeConfigs on the cluster, as Kafka refuses them. confluent-kafka's
Python AdminClient has no client-quota calls, so the requests are made by
hand (client_quotas_wire.py) on a SCRAM-authenticated connection."""
import json
import secrets
import sqlite3
import time

import pytest

import client_quotas_wire as quotas
from gateway_fixtures import POLICY_PROPAGATION, add_scram_user, authctl, dev_cluster  # noqa: F401 (fixture)
from gateway_wire import KafkaWire

PASSWORD = "a client-quota test passphrase"


@pytest.fixture
def connect(dev_cluster):
    opened = []

    def connect_as(user="admin", password=None):
        wire = KafkaWire.connect(dev_cluster.scram_port, ca=dev_cluster.ca)
        opened.append(wire)
        wire.scram_authenticate(user, password or dev_cluster.admin_password, "SCRAM-SHA-512")
        return wire
    yield connect_as
    for wire in opened:
        wire.close()


def test_a_super_user_sets_quotas_that_authctl_lists(dev_cluster, connect):
    wire = connect()
    name = f"quota-user-{secrets.token_hex(3)}"  # need not exist, as in Kafka
    results = quotas.alter(wire, [
        ({"user": name}, [("producer_byte_rate", 1048576.0), ("consumer_byte_rate", 2097152.0), ("request_percentage", 50.0)]),
        ({"ip": "10.9.8.7"}, [("connection_creation_rate", 5.0)]),
        ({"client-id": "app"}, [("producer_byte_rate", 1024.0)]),
        ({"user": name}, [("connection_creation_rate", 5.0)]),
    ])
    assert [code for code, _, _ in results] == [0, 0, quotas.INVALID_REQUEST, quotas.INVALID_REQUEST], results
    assert "client-id" in results[2][1] and "connection_creation_rate" in results[3][1]

    listed = json.loads(authctl(dev_cluster.data_dir, "quota", "list", "--user", name, "--output", "json"))
    assert listed == [{"entityType": "user", "entityName": name,
                       "values": {"producer_byte_rate": 1048576, "consumer_byte_rate": 2097152, "request_percentage": 50}}]
    table = authctl(dev_cluster.data_dir, "quota", "list")
    assert any(line.split() == ["ip", "10.9.8.7", "connection_creation_rate", "5"] for line in table.splitlines()), table

    code, message, entries = quotas.describe(wire, [("user", quotas.EXACT, name)], strict=True)
    assert (code, entries) == (0, [({"user": name}, {"consumer_byte_rate": 2097152.0, "producer_byte_rate": 1048576.0,
                                                     "request_percentage": 50.0})]), message

    # validate_only changes nothing; a removal through the API shows in authctl at once.
    assert [c for c, _, _ in quotas.alter(wire, [({"user": name}, [("producer_byte_rate", 1.0)])], validate_only=True)] == [0]
    assert [c for c, _, _ in quotas.alter(wire, [({"user": name}, [("request_percentage", None)])])] == [0]
    listed = json.loads(authctl(dev_cluster.data_dir, "quota", "list", "--user", name, "--output", "json"))
    assert listed[0]["values"] == {"producer_byte_rate": 1048576, "consumer_byte_rate": 2097152}

    # And what authctl sets, the API describes.
    authctl(dev_cluster.data_dir, "quota", "set", "--default-user", "--consumer-byte-rate", "4096")
    code, _, entries = quotas.describe(wire, [("user", quotas.DEFAULT, None)])
    assert (code, entries) == (0, [({"user": None}, {"consumer_byte_rate": 4096.0})])
    authctl(dev_cluster.data_dir, "quota", "remove", "--default-user")
    authctl(dev_cluster.data_dir, "quota", "remove", "--ip", "10.9.8.7")

    changes = [(c[0], c[1], c[2]) for c in admin_changes(dev_cluster) if c[2] == f"user={name}"]
    assert ("User:admin", "quota.set", f"user={name}") in changes
    assert ("User:admin", "quota.remove", f"user={name}") in changes


def test_a_user_without_cluster_config_rights_is_refused(dev_cluster, connect):
    name = f"no-quota-rights-{secrets.token_hex(3)}"
    add_scram_user(dev_cluster.data_dir, name, PASSWORD)
    # Alter and Describe on the cluster are not what Kafka asks for quotas: AlterConfigs and DescribeConfigs are.
    for operation in ("Alter", "Describe"):
        authctl(dev_cluster.data_dir, "acl", "add", "--allow-principal", f"User:{name}", "--operation", operation, "--cluster")
    time.sleep(POLICY_PROPAGATION)
    wire = connect(name, PASSWORD)
    results = quotas.alter(wire, [({"user": name}, [("producer_byte_rate", 1.0)])])
    assert [(code, entity) for code, _, entity in results] == [(quotas.CLUSTER_AUTHORIZATION_FAILED, {"user": name})]
    code, _, _ = quotas.describe(wire)
    assert code == quotas.CLUSTER_AUTHORIZATION_FAILED
    assert json.loads(authctl(dev_cluster.data_dir, "quota", "list", "--user", name, "--output", "json")) == []


def admin_changes(dev_cluster):
    with sqlite3.connect(dev_cluster.data_dir / "policy" / "policy.sqlite") as db:
        return db.execute("SELECT actor, action, subject, details FROM admin_changes ORDER BY id").fetchall()


def test_alter_configs_on_the_cluster_is_enough_without_being_a_super_user(dev_cluster, connect):
    name = f"quota-admin-{secrets.token_hex(3)}"
    add_scram_user(dev_cluster.data_dir, name, PASSWORD)
    authctl(dev_cluster.data_dir, "acl", "add", "--allow-principal", f"User:{name}", "--operation", "AlterConfigs", "--cluster")
    time.sleep(POLICY_PROPAGATION)
    wire = connect(name, PASSWORD)
    results = quotas.alter(wire, [({"user": name}, [("consumer_byte_rate", 8192.0)])])
    assert [code for code, _, _ in results] == [0], results
    # AlterConfigs implies DescribeConfigs, as in Kafka.
    code, message, entries = quotas.describe(wire, [("user", quotas.EXACT, name)])
    assert (code, entries) == (0, [({"user": name}, {"consumer_byte_rate": 8192.0})]), message
    changes = [c for c in admin_changes(dev_cluster) if c[2] == f"user={name}"]
    assert [(actor, action) for actor, action, _, _ in changes] == [(f"User:{name}", "quota.set")]
