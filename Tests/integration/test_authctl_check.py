"""`authctl check`: the gateway's authorizer asked about one request, by the real
binary on a real policy store. ALLOW/DENY with the deciding rule (an ACL, a DENY
ACL, a network rule, super user, default deny), as text and JSON, exit 0 for
ALLOW and 1 for DENY; the gateway's settings from flags or its configuration
file; and, through a running `portcullis dev`, the same answers real clients get."""
import json
import subprocess
import time

import pytest

from gateway_fixtures import AUTHCTL, POLICY_PROPAGATION, add_scram_user, authctl, create_topic, dev_cluster  # noqa: F401 (fixture)
from test_gateway_authorization import produce

DEFAULT_HOST = "10.1.2.3"


def check(data_dir, *args):
    """`authctl check ARGS`, whatever its outcome; --host defaults to DEFAULT_HOST."""
    host = () if "--host" in args else ("--host", DEFAULT_HOST)
    return subprocess.run([str(AUTHCTL), "check", *args, *host, "--data-dir", str(data_dir)],
                          capture_output=True, text=True, timeout=60)


def check_json(data_dir, *args):
    result = check(data_dir, *args, "--output", "json")
    assert result.stderr == "", result.stderr
    report = json.loads(result.stdout)
    assert result.returncode == (0 if report["decision"] == "ALLOW" else 1), report
    return report


@pytest.fixture
def store(tmp_path):
    data = tmp_path / "data"
    for name in ("alice", "carol"):
        authctl(data, "user", "add", name)
    authctl(data, "user", "add", "root", "--super-user")
    authctl(data, "user", "add", "ops")
    authctl(data, "user", "add", "bob")
    authctl(data, "user", "disable", "bob")
    for args in (("--operation", "Write", "--topic", "orders"),
                 ("--operation", "Read", "--topic", "secrets"),
                 ("--operation", "All", "--topic", "guarded"),
                 ("--operation", "Read", "--group", "readers"),
                 ("--operation", "IdempotentWrite", "--cluster"),
                 ("--operation", "Write", "--transactional-id", "tx-1")):
        authctl(data, "acl", "add", "--allow-principal", "User:alice", *args)
    authctl(data, "acl", "add", "--deny-principal", "User:*", "--operation", "Read", "--topic", "secrets")
    authctl(data, "net", "allow", "--topic", "guarded", "--cidr", "10.0.0.0/8")
    return data


def test_an_allow_acl_allows(store):
    result = check(store, "--principal", "User:alice", "--operation", "Write", "--topic", "orders")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "ALLOW User:alice Write Topic:orders from 10.1.2.3\n"
        "  acl: ALLOW ACL (pattern=Topic:LITERAL:orders, entry=User:alice has ALLOW permission for operations: Write from hosts: *)\n")
    assert check_json(store, "--principal", "User:alice", "--operation", "describe", "--topic", "orders") == {
        "decision": "ALLOW", "principal": "User:alice", "host": "10.1.2.3", "operation": "Describe",
        "resourceType": "Topic", "resourceName": "orders", "reason": "acl",
        "explanation": "ALLOW ACL (pattern=Topic:LITERAL:orders, entry=User:alice has ALLOW permission for operations: Write from hosts: *)",
        "acl": {"resourceType": "Topic", "patternType": "LITERAL", "resourceName": "orders", "principal": "User:alice",
                "host": "*", "operation": "Write", "permission": "ALLOW"},
        "warnings": [],
    }, "Write implies Describe, as in Kafka"


def test_a_deny_acl_wins_over_an_allow(store):
    result = check(store, "--principal", "User:alice", "--operation", "Read", "--topic", "secrets")
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        "DENY User:alice Read Topic:secrets from 10.1.2.3",
        "  acl: DENY ACL (pattern=Topic:LITERAL:secrets, entry=User:* has DENY permission for operations: Read from hosts: *)",
    ]
    report = check_json(store, "--principal", "User:alice", "--operation", "Read", "--topic", "secrets")
    assert (report["decision"], report["reason"]) == ("DENY", "acl")
    assert (report["acl"]["principal"], report["acl"]["permission"]) == ("User:*", "DENY")


def test_a_network_rule_denies_outside_its_block_and_is_named_when_it_admits(store):
    outside = check(store, "--principal", "User:alice", "--operation", "Read", "--topic", "guarded", "--host", "192.168.1.1")
    assert outside.returncode == 1
    assert outside.stdout.splitlines() == [
        "DENY User:alice Read Topic:guarded from 192.168.1.1",
        "  network-rule: the client address is outside every network rule covering the topic and operation: "
        "Topic:LITERAL:guarded from 10.0.0.0/8 for All",
    ]
    report = check_json(store, "--principal", "User:alice", "--operation", "Read", "--topic", "guarded", "--host", "192.168.1.1")
    assert (report["decision"], report["reason"], report.get("acl")) == ("DENY", "network-rule", None)
    assert report["coveringNetworkRules"] == [{"topic": "guarded", "patternType": "LITERAL", "cidr": "10.0.0.0/8", "operations": ["All"]}]

    inside = check(store, "--principal", "User:alice", "--operation", "Read", "--topic", "guarded")
    assert inside.returncode == 0
    assert inside.stdout.splitlines()[2] == "  address admitted by network rule Topic:LITERAL:guarded from 10.0.0.0/8 for All"
    report = check_json(store, "--principal", "User:alice", "--operation", "Read", "--topic", "guarded", "--host", "::ffff:10.9.9.9")
    assert (report["decision"], report["reason"], report["acl"]["operation"]) == ("ALLOW", "acl", "All")
    assert report["admittingNetworkRule"]["cidr"] == "10.0.0.0/8"


def test_super_users_from_the_store_flags_and_the_gateway_configuration(store, tmp_path):
    result = check(store, "--principal", "User:root", "--operation", "Alter", "--cluster")
    assert (result.returncode, result.stdout) == (0, "ALLOW User:root Alter Cluster:kafka-cluster from 10.1.2.3\n"
                                                     "  super-user: super user (exempt from ACLs)\n")
    # Network rules bind super users too.
    assert check_json(store, "--principal", "User:root", "--operation", "Read", "--topic", "guarded",
                      "--host", "192.168.1.1")["reason"] == "network-rule"

    request = ("--principal", "User:ops", "--operation", "Write", "--topic", "orders")
    assert check_json(store, *request)["reason"] == "default-deny"
    assert check_json(store, *request, "--super-users", "User:admin; User:ops")["reason"] == "super-user"

    config = tmp_path / "gateway.properties"
    config.write_text("listeners=SASL_PLAINTEXT://127.0.0.1:9092\nupstream.bootstrap.servers=127.0.0.1:19092\n"
                      "super.users=User:ops\n")
    assert check_json(store, *request, "--config", str(config))["reason"] == "super-user"
    config.write_text("listeners=SASL_PLAINTEXT://127.0.0.1:9092\nupstream.bootstrap.servers=127.0.0.1:19092\n")
    assert check_json(store, *request, "--config", str(config))["reason"] == "default-deny"


def test_no_matching_acl_is_the_default_deny(store, tmp_path):
    result = check(store, "--principal", "User:carol", "--operation", "Write", "--topic", "orders")
    assert (result.returncode, result.stdout) == (1, "DENY User:carol Write Topic:orders from 10.1.2.3\n"
                                                     "  default-deny: no matching ACL (default deny)\n")
    # allow.everyone.if.no.acl.found opens only resources that no ACL names.
    unnamed = ("--principal", "User:carol", "--operation", "Write", "--topic", "scratch")
    assert check_json(store, *unnamed)["reason"] == "default-deny"
    assert check_json(store, *unnamed, "--allow-everyone-if-no-acl-found")["reason"] == "no-acl-allow-everyone"
    assert check_json(store, "--principal", "User:carol", "--operation", "Write", "--topic", "orders",
                      "--allow-everyone-if-no-acl-found")["reason"] == "default-deny"
    config = tmp_path / "gateway.properties"
    config.write_text("listeners=SASL_PLAINTEXT://127.0.0.1:9092\nupstream.bootstrap.servers=127.0.0.1:19092\n"
                      "allow.everyone.if.no.acl.found=true\n")
    assert check_json(store, *unnamed, "--config", str(config))["decision"] == "ALLOW"


@pytest.mark.parametrize("resource, operation, allowed", [
    (("--group", "readers"), "Read", True),
    (("--group", "writers"), "Read", False),
    (("--cluster",), "IdempotentWrite", True),
    (("--cluster",), "Create", False),
    (("--transactional-id", "tx-1"), "Write", True),
    (("--transactional-id", "tx-2"), "Write", False),
])
def test_groups_the_cluster_and_transactional_ids(store, resource, operation, allowed):
    report = check_json(store, "--principal", "User:alice", "--operation", operation, *resource)
    assert report["decision"] == ("ALLOW" if allowed else "DENY")
    assert report["reason"] == ("acl" if allowed else "default-deny")


def test_a_principal_the_gateway_would_not_admit_gets_a_warning(store):
    for name, why in (("nobody", "is not a user of the policy store"), ("bob", "is disabled")):
        result = check(store, "--principal", f"User:{name}", "--operation", "Write", "--topic", "orders")
        assert result.returncode == 1
        assert result.stderr == f"warning: User:{name} {why}: the gateway refuses its connections, whatever this answer says\n"
        report = json.loads(check(store, "--principal", f"User:{name}", "--operation", "Write", "--topic", "orders",
                                  "--output", "json").stdout)
        assert report["warnings"] == [f"User:{name} {why}: the gateway refuses its connections, whatever this answer says"]
    assert check(store, "--principal", "User:ANONYMOUS", "--operation", "Write", "--topic", "orders").stderr == ""


@pytest.mark.parametrize("args, message", [
    (("--principal", "User:alice", "--operation", "Read"),
     "name exactly one resource: --topic, --group, --cluster or --transactional-id"),
    (("--principal", "User:alice", "--operation", "Read", "--topic", "a", "--group", "b"),
     "name exactly one resource: --topic, --group, --cluster or --transactional-id"),
    (("--principal", "User:alice", "--operation", "All", "--topic", "a"),
     "a request needs one operation; All is what an ACL grants, never what a request asks"),
    (("--principal", "User:alice", "--operation", "Read", "--cluster"),
     "Read is not an operation on Cluster resources; give one of Create, Alter, Describe, ClusterAction, "
     "DescribeConfigs, AlterConfigs, IdempotentWrite"),
    (("--principal", "User:*", "--operation", "Read", "--topic", "a"),
     "a request comes from one user: give User:NAME, not User:*"),
    (("--principal", "User:alice", "--operation", "Read", "--topic", "a", "--host", "client.example"),
     "give the client's IPv4 or IPv6 address, not a name or a range"),
    (("--principal", "User:alice", "--operation", "Read", "--topic", "a", "--config", "x", "--super-users", "User:a"),
     "--config gives super.users and allow.everyone.if.no.acl.found; drop --super-users and --allow-everyone-if-no-acl-found"),
])
def test_a_request_that_is_not_one_is_a_usage_error(store, args, message):
    result = check(store, *args)
    assert (result.returncode, result.stdout) == (64, "")
    assert message in result.stderr


def test_no_answer_exits_2_not_1(store, tmp_path):
    request = ("--principal", "User:alice", "--operation", "Write", "--topic", "orders")
    missing = check(store, *request, "--config", str(tmp_path / "missing.properties"))
    assert (missing.returncode, missing.stdout) == (2, "")
    assert missing.stderr.startswith(f"Error: cannot read {tmp_path}/missing.properties")
    broken = tmp_path / "broken.properties"
    broken.write_text("listeners=SASL_PLAINTEXT://127.0.0.1:9092\nupstream.bootstrap.servers=127.0.0.1:19092\nsuper.users=alice\n")
    result = check(store, *request, "--config", str(broken))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"Error: {broken}: line 3: super.users takes User:NAME entries separated by ';', got 'alice'\n"


def test_the_answers_are_the_ones_real_clients_get_from_the_gateway(dev_cluster):
    """The gateway's own decisions, through `portcullis dev`, for the requests check answers."""
    data = dev_cluster.data_dir
    admin = dev_cluster.scram()
    authctl(data, "user", "add", "writer")
    authctl(data, "scram", "set", "writer", "--mechanism", "SCRAM-SHA-512", "--password-stdin", stdin="a long passphrase\n")
    writer = dev_cluster.scram("writer", "a long passphrase")
    for topic in ("checked-open", "checked-closed"):
        create_topic(admin, topic)
    authctl(data, "acl", "add", "--allow-principal", "User:writer", "--operation", "Write", "--topic", "checked-open")
    time.sleep(POLICY_PROPAGATION)

    def answer(user, topic):
        return check_json(data, "--principal", f"User:{user}", "--operation", "Write", "--topic", topic, "--host", "127.0.0.1")

    assert answer("writer", "checked-open")["reason"] == "acl"
    assert answer("writer", "checked-closed")["reason"] == "default-deny"
    assert answer("admin", "checked-closed")["reason"] == "super-user"
    assert produce(writer, [("checked-open", b"1"), ("checked-closed", b"2")]) == \
        {"checked-open": None, "checked-closed": "TOPIC_AUTHORIZATION_FAILED"}
    assert produce(admin, [("checked-closed", b"3")]) == {"checked-closed": None}

    authctl(data, "net", "allow", "--topic", "checked-open", "--cidr", "10.0.0.0/8")
    time.sleep(POLICY_PROPAGATION)
    assert answer("writer", "checked-open")["reason"] == "network-rule"
    assert produce(writer, [("checked-open", b"4")]) == {"checked-open": "TOPIC_AUTHORIZATION_FAILED"}
