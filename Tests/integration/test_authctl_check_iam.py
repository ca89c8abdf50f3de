"""`authctl check` for IAM principals, by the real binary on a real policy store:
the gateway's own authorizer with the policies attached to an IAM user (or to the
role of a session), naming the policy, the statement (Sid or #index) and the
action; explicit Deny; the default deny naming the missing companion action; a
network rule binding an IAM principal; JSON output; warnings for identities the
gateway would not admit; the account from the gateway's iam.* settings."""
import base64
import configparser
import json
import os
import time

import pytest

from gateway_fixtures import authctl, dev_cluster  # noqa: F401 (fixture)
from test_authctl_check import check, check_json

ACCOUNT = "000000000000"
CLUSTER = f"arn:aws:kafka:us-east-1:{ACCOUNT}:cluster/portcullis/00000000-0000-0000-0000-000000000000-1"
TOPICS = f"arn:aws:kafka:us-east-1:{ACCOUNT}:topic/portcullis/00000000-0000-0000-0000-000000000000-1"
ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"

ORDERS_WRITER = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "Connect", "Effect": "Allow", "Action": "kafka-cluster:Connect", "Resource": CLUSTER},
        {"Sid": "WriteOrders", "Effect": "Allow", "Action": ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"],
         "Resource": f"{TOPICS}/orders*"},
        {"Sid": "NeverTheAuditTopic", "Effect": "Deny", "Action": "kafka-cluster:*Data", "Resource": f"{TOPICS}/orders-audit"},
    ],
}
# Statements without a Sid are named by their index.
WRITE_ONLY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": "kafka-cluster:Connect", "Resource": "*"},
        {"Effect": "Allow", "Action": "kafka-cluster:WriteData", "Resource": f"{TOPICS}/*"},
        {"Effect": "Deny", "Action": "kafka-cluster:WriteData", "Resource": f"{TOPICS}/secret"},
    ],
}


@pytest.fixture
def iam_store(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTCULLIS_ROOT_KEY", base64.b64encode(os.urandom(32)).decode())
    data = tmp_path / "data"
    for name, document in (("orders-writer", ORDERS_WRITER), ("write-only", WRITE_ONLY)):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(document, indent=2))
        authctl(data, "iam", "policy", "put", name, "--file", str(path))
    for user, policy in (("alice", "orders-writer"), ("wanda", "write-only"), ("nokey", "orders-writer")):
        authctl(data, "iam", "user", "add", user)
        authctl(data, "iam", "policy", "attach", policy, "--user", user)
    for user in ("alice", "wanda"):
        authctl(data, "iam", "key", "create", "--user", user)
    authctl(data, "iam", "role", "add", "batch")
    authctl(data, "iam", "policy", "attach", "orders-writer", "--role", "batch")
    authctl(data, "iam", "session", "issue", "--role", "batch", "--session-name", "job-1")
    return data


def test_an_allow_names_the_policy_the_statement_and_the_action(iam_store):
    for principal in (ALICE, f"User:{ALICE}"):
        result = check(iam_store, "--principal", principal, "--action", "kafka-cluster:WriteData", "--topic", "orders")
        assert (result.returncode, result.stderr) == (0, "")
        assert result.stdout == (
            f"ALLOW User:{ALICE} Write Topic:orders (kafka-cluster:WriteData) from 10.1.2.3\n"
            "  iam-policy: IAM policy orders-writer statement WriteOrders allows kafka-cluster:WriteData\n")
    # --operation works too, and gives the same answer.
    same = check(iam_store, "--principal", ALICE, "--operation", "Write", "--topic", "orders")
    assert (same.returncode, same.stdout) == (0, result.stdout)


def test_an_explicit_deny_names_its_statement(iam_store):
    result = check(iam_store, "--principal", ALICE, "--action", "kafka-cluster:WriteData", "--topic", "orders-audit")
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines()[1] == (
        "  iam-policy: IAM policy orders-writer statement NeverTheAuditTopic denies kafka-cluster:WriteData")


def test_the_default_deny_names_the_missing_companion_action(iam_store):
    wanda = f"arn:aws:iam::{ACCOUNT}:user/wanda"
    result = check(iam_store, "--principal", wanda, "--action", "kafka-cluster:WriteData", "--topic", "orders")
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines()[1] == (
        "  iam-default-deny: no IAM policy allows kafka-cluster:DescribeTopic (required for kafka-cluster:WriteData) "
        "and no ACL allows the request (default deny)")
    report = check_json(iam_store, "--principal", wanda, "--action", "kafka-cluster:WriteData", "--topic", "orders")
    assert (report["reason"], report["iamAction"], report["iamRequestAction"]) == (
        "iam-default-deny", "kafka-cluster:DescribeTopic", "kafka-cluster:WriteData")
    assert "iamPolicy" not in report and "iamStatement" not in report
    # A statement without a Sid is named by its index.
    report = check_json(iam_store, "--principal", wanda, "--action", "kafka-cluster:WriteData", "--topic", "secret")
    assert (report["decision"], report["iamPolicy"], report["iamStatement"]) == ("DENY", "write-only", "#2")
    allowed = check_json(iam_store, "--principal", wanda, "--operation", "Describe", "--cluster",
                         "--super-users", f"User:{wanda}")
    assert allowed["reason"] == "super-user"


def test_a_role_session_is_decided_by_the_roles_policies(iam_store):
    session = f"arn:aws:sts::{ACCOUNT}:assumed-role/batch/job-1"
    result = check(iam_store, "--principal", session, "--action", "kafka-cluster:WriteData", "--topic", "orders-eu")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1].endswith("IAM policy orders-writer statement WriteOrders allows kafka-cluster:WriteData")
    # A session name without live credentials: the same answer, with a warning.
    other = check(iam_store, "--principal", f"arn:aws:sts::{ACCOUNT}:assumed-role/batch/job-2",
                  "--action", "kafka-cluster:WriteData", "--topic", "orders-eu")
    assert other.returncode == 0
    assert other.stderr == ("warning: role batch has no live session job-2 (authctl iam session issue): "
                            "its connections are refused until one is issued\n")


def test_a_network_rule_denies_an_iam_principal(iam_store):
    authctl(iam_store, "net", "allow", "--topic", "orders", "--cidr", "10.0.0.0/8")
    inside = check(iam_store, "--principal", ALICE, "--action", "kafka-cluster:WriteData", "--topic", "orders")
    assert inside.returncode == 0
    assert "  address admitted by network rule Topic:LITERAL:orders from 10.0.0.0/8 for All" in inside.stdout.splitlines()
    outside = check(iam_store, "--principal", ALICE, "--action", "kafka-cluster:WriteData", "--topic", "orders",
                    "--host", "192.168.1.9")
    assert outside.returncode == 1
    assert outside.stdout.splitlines()[1].startswith("  network-rule: ")
    report = check_json(iam_store, "--principal", ALICE, "--action", "kafka-cluster:WriteData", "--topic", "orders",
                        "--host", "192.168.1.9")
    assert report["reason"] == "network-rule" and "iamPolicy" not in report


def test_json_names_the_policy_statement_and_actions(iam_store):
    report = check_json(iam_store, "--principal", ALICE, "--action", "kafka-cluster:ReadData", "--topic", "orders-audit")
    assert report == {
        "decision": "DENY", "principal": f"User:{ALICE}", "host": "10.1.2.3", "operation": "Read",
        "resourceType": "Topic", "resourceName": "orders-audit", "reason": "iam-policy",
        "explanation": "IAM policy orders-writer statement NeverTheAuditTopic denies kafka-cluster:ReadData",
        "iamPolicy": "orders-writer", "iamStatement": "NeverTheAuditTopic", "iamAction": "kafka-cluster:ReadData",
        "iamRequestAction": "kafka-cluster:ReadData", "warnings": [],
    }
    allowed = check_json(iam_store, "--principal", ALICE, "--operation", "Describe", "--topic", "orders")
    assert (allowed["iamPolicy"], allowed["iamStatement"], allowed["iamAction"]) == (
        "orders-writer", "WriteOrders", "kafka-cluster:DescribeTopic")


def test_warnings_for_identities_the_gateway_would_not_admit(iam_store):
    cases = [
        (f"arn:aws:iam::{ACCOUNT}:user/nokey", "IAM user nokey has no access key (authctl iam key create): "
         "the gateway refuses its connections, whatever this answer says"),
        (f"arn:aws:iam::{ACCOUNT}:user/ghost", "IAM user ghost is not in the policy store: "
         "the gateway refuses its connections, whatever this answer says"),
        (f"arn:aws:sts::{ACCOUNT}:assumed-role/ghost/s1", "IAM role ghost is not in the policy store: "
         "the gateway refuses its connections, whatever this answer says"),
    ]
    for principal, warning in cases:
        report = check_json(iam_store, "--principal", principal, "--action", "kafka-cluster:WriteData", "--topic", "orders")
        assert report["warnings"] == [warning]
        text = check(iam_store, "--principal", principal, "--action", "kafka-cluster:WriteData", "--topic", "orders")
        assert text.stderr == f"warning: {warning}\n"


def test_an_action_must_fit_the_resource_named(iam_store):
    result = check(iam_store, "--principal", ALICE, "--action", "kafka-cluster:ReadData", "--group", "g")
    assert (result.returncode, result.stdout) == (64, "")
    assert "kafka-cluster:ReadData is an action on Topic resources, not on Group resources: name the resource with --topic" \
        in result.stderr
    for args, message in ((("--action", "kafka-cluster:Connect", "--cluster"), "checked with every request"),
                          (("--action", "kafka:WriteData", "--topic", "t"), "kafka-cluster:, not kafka:"),
                          (("--action", "kafka-cluster:WriteData", "--operation", "Write", "--topic", "t"), "not both"),
                          (("--topic", "t",), "give the operation")):
        refused = check(iam_store, "--principal", ALICE, *args)
        assert refused.returncode == 64 and message in refused.stderr, refused.stderr
    # CreateTopic stands for Create on the cluster as well as on a topic.
    assert check_json(iam_store, "--principal", ALICE, "--action", "kafka-cluster:CreateTopic", "--cluster")["operation"] == "Create"


def test_the_account_comes_from_the_gateway_configuration(iam_store, tmp_path):
    other = "arn:aws:iam::123456789012:user/alice"
    refused = check(iam_store, "--principal", other, "--action", "kafka-cluster:WriteData", "--topic", "orders")
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr.startswith(f"Error: {other} is not an IAM principal of account {ACCOUNT}: ")
    for malformed in (f"arn:aws:iam::{ACCOUNT}:role/alice", f"arn:aws:sts::{ACCOUNT}:assumed-role/batch"):
        assert check(iam_store, "--principal", malformed, "--operation", "Write", "--topic", "orders").returncode == 2

    config = tmp_path / "gateway.properties"
    config.write_text("listeners=SASL_PLAINTEXT://127.0.0.1:9092\nupstream.bootstrap.servers=127.0.0.1:19092\n"
                      "iam.account.id=123456789012\n")
    # The policy's ARNs name account 000000000000, so in account 123456789012 nothing is allowed.
    report = check_json(iam_store, "--principal", other, "--action", "kafka-cluster:WriteData", "--topic", "orders",
                        "--config", str(config))
    assert (report["decision"], report["reason"], report["warnings"]) == ("DENY", "iam-default-deny", [])
    wanda = check_json(iam_store, "--principal", "arn:aws:iam::123456789012:user/wanda", "--operation", "Write",
                       "--topic", "orders", "--config", str(config))
    assert wanda["reason"] == "iam-default-deny" and wanda["iamAction"] == "kafka-cluster:WriteData"


def iam_client(dev_cluster):
    """confluent-kafka settings for `portcullis dev`'s IAM listener as its IAM user admin
    (OAUTHBEARER with AWS's signer token, from the credentials file dev writes)."""
    from iam_tokens import signer_token

    profile = configparser.ConfigParser()
    profile.read(dev_cluster.client_dir / "admin-iam.credentials")
    key, secret = profile["portcullis"]["aws_access_key_id"], profile["portcullis"]["aws_secret_access_key"]

    def oauth_cb(_config):
        token, expiry_ms = signer_token("us-east-1", key, secret)
        return token, expiry_ms / 1000

    return {"bootstrap.servers": f"localhost:{dev_cluster.iam_port}", "security.protocol": "SASL_SSL",
            "sasl.mechanism": "OAUTHBEARER", "ssl.ca.location": str(dev_cluster.ca), "oauth_cb": oauth_cb}


def test_the_answers_are_the_ones_an_iam_client_gets_from_the_gateway(dev_cluster, tmp_path):
    """The gateway's own decisions for an IAM client, through `portcullis dev`, for the requests check answers."""
    from gateway_fixtures import POLICY_PROPAGATION, create_topic
    from test_gateway_authorization import produce

    data = dev_cluster.data_dir
    for topic in ("iam-open", "iam-audit"):
        create_topic(dev_cluster.scram(), topic)
    document = tmp_path / "admin.json"
    document.write_text(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "Connect", "Effect": "Allow", "Action": ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"], "Resource": "*"},
        {"Sid": "WriteIamTopics", "Effect": "Allow", "Action": ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"],
         "Resource": f"{TOPICS}/iam-*"},
        {"Sid": "NotTheAuditTopic", "Effect": "Deny", "Action": "kafka-cluster:WriteData", "Resource": f"{TOPICS}/iam-audit"},
    ]}))
    authctl(data, "iam", "policy", "put", "portcullis-dev-admin", "--file", str(document))
    time.sleep(POLICY_PROPAGATION)

    admin = f"arn:aws:iam::{ACCOUNT}:user/admin"

    def answer(topic):
        return check_json(data, "--principal", admin, "--action", "kafka-cluster:WriteData", "--topic", topic, "--host", "127.0.0.1")

    assert (answer("iam-open")["reason"], answer("iam-open")["iamStatement"]) == ("iam-policy", "WriteIamTopics")
    assert (answer("iam-audit")["decision"], answer("iam-audit")["iamStatement"]) == ("DENY", "NotTheAuditTopic")
    assert answer("iam-open")["warnings"] == []
    assert produce(iam_client(dev_cluster), [("iam-open", b"1"), ("iam-audit", b"2")]) == \
        {"iam-open": None, "iam-audit": "TOPIC_AUTHORIZATION_FAILED"}
