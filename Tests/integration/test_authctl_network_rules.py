"""`authctl net allow|remove|list`: topic network rules with IPv4 and IPv6 CIDR blocks,
run as the real binary on a real policy store."""
import json
import sqlite3

import pytest

from gateway_fixtures import authctl
from test_authctl_reserved_names import run_authctl


def rules(data_dir):
    return json.loads(authctl(data_dir, "net", "list", "--output", "json"))


def test_allow_list_remove_round_trip(tmp_path):
    assert authctl(tmp_path, "net", "allow", "--topic", "orders", "--cidr", "10.0.0.0/8") == \
        "added network rule Topic:LITERAL:orders from 10.0.0.0/8 for All\n"
    assert authctl(tmp_path, "net", "allow", "--topic", "payments-", "--prefix", "--cidr", "2001:DB8::/32",
                   "--operations", "WRITE,read") == \
        "added network rule Topic:PREFIXED:payments- from 2001:db8::/32 for Read,Write\n"
    authctl(tmp_path, "net", "allow", "--topic", "*", "--cidr", "192.168.1.7", "--operations", "describe")

    assert authctl(tmp_path, "net", "list") == (
        "TOPIC      PATTERN   CIDR            OPERATIONS\n"
        "*          LITERAL   192.168.1.7/32  Describe\n"
        "orders     LITERAL   10.0.0.0/8      All\n"
        "payments-  PREFIXED  2001:db8::/32   Read,Write\n")
    assert rules(tmp_path) == [
        {"topic": "*", "patternType": "LITERAL", "cidr": "192.168.1.7/32", "operations": ["Describe"]},
        {"topic": "orders", "patternType": "LITERAL", "cidr": "10.0.0.0/8", "operations": ["All"]},
        {"topic": "payments-", "patternType": "PREFIXED", "cidr": "2001:db8::/32", "operations": ["Read", "Write"]},
    ]

    # The same flags name the same rule, however the operations and address are spelled.
    assert authctl(tmp_path, "net", "remove", "--topic", "payments-", "--prefix", "--cidr", "2001:db8:0::/32",
                   "--operations", "read,Write") == \
        "removed network rule Topic:PREFIXED:payments- from 2001:db8::/32 for Read,Write\n"
    assert [rule["topic"] for rule in rules(tmp_path)] == ["*", "orders"]


def test_allowing_an_existing_rule_changes_nothing(tmp_path):
    authctl(tmp_path, "net", "allow", "--topic", "orders", "--cidr", "10.0.0.0/8", "--actor", "ci-bot")
    assert authctl(tmp_path, "net", "allow", "--topic", "orders", "--cidr", "10.0.0.0/8", "--operations", "all") == \
        "network rule Topic:LITERAL:orders from 10.0.0.0/8 for All exists already; nothing changed\n"
    authctl(tmp_path, "net", "remove", "--topic", "orders", "--cidr", "10.0.0.0/8")
    with sqlite3.connect(tmp_path / "policy" / "policy.sqlite") as db:
        changes = db.execute("SELECT actor, action, subject, details FROM admin_changes ORDER BY id").fetchall()
    assert [change[1:] for change in changes] == [
        ("network-rule.add", "Topic:LITERAL:orders", '{"cidr":"10.0.0.0/8","operations":["All"]}'),
        ("network-rule.remove", "Topic:LITERAL:orders", '{"cidr":"10.0.0.0/8","operations":["All"]}'),
    ]
    assert changes[0][0] == "ci-bot"
    assert changes[1][0] not in ("", "ci-bot")  # the OS user


def test_removing_a_rule_that_does_not_exist_fails(tmp_path):
    authctl(tmp_path, "net", "allow", "--topic", "orders", "--cidr", "10.0.0.0/8", "--operations", "read")
    result = run_authctl(tmp_path, "net", "remove", "--topic", "orders", "--cidr", "10.0.0.0/8")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "Error: no network rule Topic:LITERAL:orders from 10.0.0.0/8 for All\n"
    assert len(rules(tmp_path)) == 1


BAD_INPUT = [
    (("--topic", "t", "--cidr", "10.0.0.1/8"),
     "The value '10.0.0.1/8' is invalid for '--cidr <cidr>': '10.0.0.1/8' is not a CIDR block: "
     "bits past the prefix are set (did you mean 10.0.0.0/8?)"),
    (("--topic", "t", "--cidr", "2001:db8::1/32"),
     "The value '2001:db8::1/32' is invalid for '--cidr <cidr>': '2001:db8::1/32' is not a CIDR block: "
     "bits past the prefix are set (did you mean 2001:db8::/32?)"),
    (("--topic", "t", "--cidr", "10.0.0.0/33"),
     "The value '10.0.0.0/33' is invalid for '--cidr <cidr>': '10.0.0.0/33' is not a CIDR block: "
     "the prefix length is longer than 32"),
    (("--topic", "t", "--cidr", "intranet"),
     "The value 'intranet' is invalid for '--cidr <cidr>': 'intranet' is not a CIDR block: "
     "the address is not an IPv4 or IPv6 address"),
    (("--topic", "t", "--cidr", "10.0.0.0/8", "--operations", "read,reed"),
     "The value 'read,reed' is invalid for '--operations <operations>': not an operation; give one of All, Read, "
     "Write, Create, Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite (any case)"),
    (("--topic", "t", "--cidr", "10.0.0.0/8", "--operations", "read,"),
     "The value 'read,' is invalid for '--operations <operations>': not an operation"),
    (("--topic", "t"), "Missing expected argument '--cidr <cidr>'"),
    (("--cidr", "10.0.0.0/8"), "Missing expected argument '--topic <topic>'"),
]


@pytest.mark.parametrize("args, message", BAD_INPUT, ids=[message[:40] for _, message in BAD_INPUT])
def test_bad_input_is_refused_before_the_store_is_touched(tmp_path, args, message):
    data_dir = tmp_path / "data"
    result = run_authctl(data_dir, "net", "allow", *args)
    assert result.returncode != 0
    assert result.stderr.startswith(f"Error: {message}"), result.stderr
    assert not data_dir.exists()


def test_what_the_store_refuses_changes_nothing(tmp_path):
    authctl(tmp_path, "net", "allow", "--topic", "orders", "--cidr", "10.0.0.0/8")
    refusals = [
        (("--topic", "t", "--cidr", "10.0.0.0/8", "--operations", "read,idempotentwrite"),
         "Error: invalid network rule: IdempotentWrite is not an operation on topics; give All or some of "
         "Read, Write, Create, Delete, Alter, Describe, DescribeConfigs, AlterConfigs\n"),
        (("--topic", "", "--cidr", "10.0.0.0/8"), "Error: invalid network rule: the topic name is empty\n"),
    ]
    for args, message in refusals:
        result = run_authctl(tmp_path, "net", "allow", *args)
        assert (result.returncode, result.stdout, result.stderr) == (1, "", message)
    assert len(rules(tmp_path)) == 1
