"""`authctl acl add|remove|list` with kafka-acls.sh's options, run as the real binary
on a real policy store: the ACLs stored, the shortcuts' expansion (checked against
Apache Kafka's AclCommand), the output, confirmation, and refusals that change nothing."""
import json
import sqlite3

import pytest

from gateway_fixtures import authctl
from test_authctl_reserved_names import run_authctl


def acls(data_dir, *filters):
    """The stored ACLs `acl list` reports, as (type, pattern, name, principal, host, operation, permission) tuples."""
    return {(a["resourceType"], a["patternType"], a["resourceName"], a["principal"], a["host"], a["operation"], a["permission"])
            for a in json.loads(authctl(data_dir, "acl", "list", *filters, "--output", "json"))}


def admin_changes(data_dir):
    """(actor, action, subject) of every recorded change, oldest first, read straight from the database."""
    with sqlite3.connect(data_dir / "policy" / "policy.sqlite") as db:
        return db.execute("SELECT actor, action, subject FROM admin_changes ORDER BY id").fetchall()


def test_add_list_remove_round_trip(tmp_path):
    out = authctl(tmp_path, "acl", "add", "--allow-principal", "User:alice", "--allow-principal", "User:bob",
                  "--allow-host", "10.0.0.1", "--operation", "read", "--operation", "DESCRIBE",
                  "--topic", "orders", "--group", "billing", "--actor", "ci-bot")
    entries = ["\tUser:alice has ALLOW permission for operations: Read from hosts: 10.0.0.1",
               "\tUser:alice has ALLOW permission for operations: Describe from hosts: 10.0.0.1",
               "\tUser:bob has ALLOW permission for operations: Read from hosts: 10.0.0.1",
               "\tUser:bob has ALLOW permission for operations: Describe from hosts: 10.0.0.1"]
    assert out == "\n".join(["Adding ACLs for resource `Topic:LITERAL:orders`:", *entries, "",
                             "Adding ACLs for resource `Group:LITERAL:billing`:", *entries, ""])
    expected = {(kind, "LITERAL", name, f"User:{user}", "10.0.0.1", operation, "ALLOW")
                for kind, name in (("Topic", "orders"), ("Group", "billing"))
                for user in ("alice", "bob") for operation in ("Read", "Describe")}
    assert acls(tmp_path) == expected

    listed = authctl(tmp_path, "acl", "list", "--topic", "orders")
    assert listed == "\n".join(["Current ACLs for resource `Topic:LITERAL:orders`:", *entries, ""])

    removed = authctl(tmp_path, "acl", "remove", "--allow-principal", "User:bob", "--allow-host", "10.0.0.1",
                      "--operation", "Read", "--operation", "describe", "--topic", "orders", "--force")
    assert removed == "\n".join(["Removed ACLs for resource `Topic:LITERAL:orders`:", *entries[2:], ""])
    # Without principals, every ACL of the resource goes, as with kafka-acls.sh.
    authctl(tmp_path, "acl", "remove", "--group", "billing", "--force")
    assert acls(tmp_path) == {acl for acl in expected if acl[0] == "Topic" and acl[3] == "User:alice"}
    assert [change[1] for change in admin_changes(tmp_path)] == ["acl.add"] * 8 + ["acl.remove"] * 6
    assert {change[0] for change in admin_changes(tmp_path)[:8]} == {"ci-bot"}


def test_defaults_are_all_operations_from_every_host(tmp_path):
    authctl(tmp_path, "acl", "add", "--deny-principal", "User:eve", "--allow-principal", "User:*", "--cluster")
    assert acls(tmp_path) == {("Cluster", "LITERAL", "kafka-cluster", "User:eve", "*", "All", "DENY"),
                              ("Cluster", "LITERAL", "kafka-cluster", "User:*", "*", "All", "ALLOW")}


def test_adding_an_existing_acl_changes_nothing(tmp_path):
    authctl(tmp_path, "acl", "add", "--allow-principal", "User:alice", "--operation", "read", "--topic", "orders")
    out = authctl(tmp_path, "acl", "add", "--allow-principal", "User:alice", "--operation", "read",
                  "--operation", "write", "--topic", "orders")
    assert out == ("Adding ACLs for resource `Topic:LITERAL:orders`:\n"
                   "\tUser:alice has ALLOW permission for operations: Read from hosts: * (already present)\n"
                   "\tUser:alice has ALLOW permission for operations: Write from hosts: *\n")
    assert len(acls(tmp_path)) == 2
    assert [change[1:] for change in admin_changes(tmp_path)] == [("acl.add", "Topic:LITERAL:orders")] * 2


def test_producer_shortcut_expands_as_kafka_acls_does(tmp_path):
    authctl(tmp_path, "acl", "add", "--producer", "--idempotent", "--allow-principal", "User:p",
            "--topic", "orders", "--transactional-id", "tx", "--resource-pattern-type", "prefixed")
    assert {(a[0], a[1], a[2], a[5]) for a in acls(tmp_path)} == {
        ("Topic", "PREFIXED", "orders", "Write"), ("Topic", "PREFIXED", "orders", "Describe"),
        ("Topic", "PREFIXED", "orders", "Create"),
        ("TransactionalId", "PREFIXED", "tx", "Write"), ("TransactionalId", "PREFIXED", "tx", "Describe"),
        # The cluster is always LITERAL kafka-cluster, whatever the pattern type.
        ("Cluster", "LITERAL", "kafka-cluster", "IdempotentWrite"),
    }
    assert {a[3:5] + a[6:] for a in acls(tmp_path)} == {("User:p", "*", "ALLOW")}


def test_consumer_shortcut_and_both_together(tmp_path):
    authctl(tmp_path, "acl", "add", "--consumer", "--allow-principal", "User:c", "--allow-host", "::1",
            "--topic", "orders", "--group", "readers")
    assert acls(tmp_path) == {("Topic", "LITERAL", "orders", "User:c", "::1", "Read", "ALLOW"),
                              ("Topic", "LITERAL", "orders", "User:c", "::1", "Describe", "ALLOW"),
                              ("Group", "LITERAL", "readers", "User:c", "::1", "Read", "ALLOW")}
    authctl(tmp_path, "acl", "add", "--producer", "--consumer", "--allow-principal", "User:pc",
            "--topic", "t", "--group", "g")
    assert {(a[2], a[5]) for a in acls(tmp_path, "--principal", "User:pc")} == {
        ("t", "Write"), ("t", "Describe"), ("t", "Create"), ("t", "Read"), ("g", "Read")}


def test_list_and_remove_select_with_any_and_match(tmp_path):
    for name, pattern in (("orders", "literal"), ("orders", "prefixed"), ("ord", "prefixed"), ("*", "literal"),
                          ("other", "literal"), ("orders-eu", "prefixed")):
        authctl(tmp_path, "acl", "add", "--allow-principal", "User:alice", "--operation", "read",
                "--topic", name, "--resource-pattern-type", pattern)
    names = lambda *filters: {(a[1], a[2]) for a in acls(tmp_path, *filters)}
    assert names("--topic", "orders") == {("LITERAL", "orders")}
    assert names("--topic", "orders", "--resource-pattern-type", "prefixed") == {("PREFIXED", "orders")}
    assert names("--topic", "orders", "--resource-pattern-type", "any") == {("LITERAL", "orders"), ("PREFIXED", "orders")}
    covering = {("LITERAL", "orders"), ("PREFIXED", "orders"), ("PREFIXED", "ord"), ("LITERAL", "*")}
    assert names("--topic", "orders", "--resource-pattern-type", "MATCH") == covering

    authctl(tmp_path, "acl", "remove", "--topic", "orders", "--resource-pattern-type", "match", "--force")
    assert names() == {("LITERAL", "other"), ("PREFIXED", "orders-eu")}


def test_list_filters_by_principal_and_prints_nothing_when_empty(tmp_path):
    assert authctl(tmp_path, "acl", "list") == ""
    assert json.loads(authctl(tmp_path, "acl", "list", "--output", "json")) == []
    authctl(tmp_path, "acl", "add", "--allow-principal", "User:alice", "--allow-principal", "User:bob",
            "--allow-principal", "User:*", "--operation", "read", "--topic", "orders")
    assert {a[3] for a in acls(tmp_path, "--principal", "User:bob", "--principal", "User:*")} == {"User:bob", "User:*"}
    record = json.loads(authctl(tmp_path, "acl", "list", "--principal", "User:alice", "--output", "json"))
    assert record == [{"resourceType": "Topic", "patternType": "LITERAL", "resourceName": "orders",
                       "principal": "User:alice", "host": "*", "operation": "Read", "permission": "ALLOW"}]


def test_remove_asks_first_and_removes_only_on_yes(tmp_path):
    authctl(tmp_path, "acl", "add", "--allow-principal", "User:alice", "--operation", "read", "--topic", "orders")
    before = acls(tmp_path)
    for answer in ("n\n", "", "yes please\n"):
        result = run_authctl(tmp_path, "acl", "remove", "--topic", "orders", stdin=answer)
        assert result.returncode == 1
        assert result.stderr.startswith("ACLs to remove for resource `Topic:LITERAL:orders`:\n"
                                         "\tUser:alice has ALLOW permission for operations: Read from hosts: *\n"
                                         "\nRemove this ACL? (y/n) ")
        assert result.stderr.endswith("Error: not confirmed; nothing removed "
                                      "(answer y, or pass --force to remove without asking)\n")
        assert result.stdout == ""
        assert acls(tmp_path) == before
    result = run_authctl(tmp_path, "acl", "remove", "--topic", "orders", stdin="Y\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Removed ACLs for resource `Topic:LITERAL:orders`:\n")
    assert acls(tmp_path) == set()
    assert authctl(tmp_path, "acl", "remove", "--topic", "orders") == "no ACL matched; nothing removed\n"


BAD_INPUT = [
    (("--topic", "t"), "give --allow-principal or --deny-principal: whom the ACLs allow or deny"),
    (("--allow-principal", "User:a"), "name at least one resource: --topic, --group, --cluster or --transactional-id"),
    (("--allow-principal", "alice", "--topic", "t"),
     "The value 'alice' is invalid for '--allow-principal <principal>': give User:NAME, or User:* for every user"),
    (("--allow-principal", "Group:ops", "--topic", "t"),
     "The value 'Group:ops' is invalid for '--allow-principal <principal>': give User:NAME, or User:* for every user"),
    (("--allow-principal", "User:a", "--allow-host", "client.example", "--topic", "t"),
     "The value 'client.example' is invalid for '--allow-host <host>': give an IP address "
     "(ACLs match the client's address, not its name), or * for every host"),
    (("--allow-principal", "User:a", "--operation", "reed", "--topic", "t"),
     "The value 'reed' is invalid for '--operation <operation>': not an operation; give one of All, Read, Write, "
     "Create, Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite (any case)"),
    (("--allow-principal", "User:a", "--operation", "write", "--group", "g"),
     "Group ACLs take only the operations All, Read, Delete, Describe, DescribeConfigs, AlterConfigs; Write is not one of them"),
    (("--allow-principal", "User:a", "--operation", "idempotent-write", "--topic", "t"),
     "Topic ACLs take only the operations All, Read, Write, Create, Delete, Alter, Describe, DescribeConfigs, "
     "AlterConfigs; IdempotentWrite is not one of them"),
    (("--allow-principal", "User:a", "--topic", "t", "--resource-pattern-type", "match"),
     "--resource-pattern-type match selects ACLs to list or remove; add with literal or prefixed"),
    (("--allow-principal", "User:a", "--topic", "t", "--resource-pattern-type", "glob"),
     "The value 'glob' is invalid for '--resource-pattern-type <type>'"),
    (("--allow-principal", "User:a", "--cluster", "--resource-pattern-type", "prefixed"),
     "the Cluster resource is LITERAL kafka-cluster; --cluster cannot be prefixed"),
    (("--allow-host", "10.0.0.1", "--deny-principal", "User:a", "--topic", "t"),
     "--allow-host applies to --allow-principal; give one"),
    (("--deny-host", "10.0.0.1", "--allow-principal", "User:a", "--topic", "t"),
     "--deny-host applies to --deny-principal; give one"),
    (("--producer", "--allow-principal", "User:a", "--operation", "read", "--topic", "t"),
     "--producer and --consumer choose the operations and only allow: drop --operation, --deny-principal and --deny-host"),
    (("--consumer", "--deny-principal", "User:a", "--topic", "t", "--group", "g"),
     "--producer and --consumer choose the operations and only allow: drop --operation, --deny-principal and --deny-host"),
    (("--producer", "--allow-principal", "User:a", "--transactional-id", "tx"), "--producer needs a --topic"),
    (("--consumer", "--allow-principal", "User:a", "--topic", "t"), "--consumer needs a --topic and a --group"),
    (("--idempotent", "--allow-principal", "User:a", "--topic", "t"), "--idempotent is for --producer"),
    (("--producer", "--allow-principal", "User:a", "--topic", "t", "--cluster"),
     "--producer and --consumer make no ACL for --cluster (--idempotent adds the producer's IdempotentWrite on it)"),
    (("--producer", "--allow-principal", "User:a", "--topic", "t", "--group", "g"), "--group is for --consumer"),
    (("--consumer", "--allow-principal", "User:a", "--topic", "t", "--group", "g", "--transactional-id", "x"),
     "--transactional-id is for --producer"),
]


@pytest.mark.parametrize("args, message", BAD_INPUT, ids=[message[:40] for _, message in BAD_INPUT])
def test_bad_input_is_refused_before_the_store_is_touched(tmp_path, args, message):
    data_dir = tmp_path / "data"
    result = run_authctl(data_dir, "acl", "add", *args)
    assert result.returncode != 0
    assert result.stderr.startswith(f"Error: {message}"), result.stderr
    assert result.stdout == ""
    assert not data_dir.exists(), "refused before the store was opened (or created)"


def test_what_the_store_refuses_changes_nothing(tmp_path):
    authctl(tmp_path, "acl", "add", "--allow-principal", "User:alice", "--topic", "orders")
    before = acls(tmp_path), admin_changes(tmp_path)
    refusals = [
        (("--allow-principal", "User:alice", "--topic", "ok", "--topic", ""), "Error: invalid ACL: the resource name is empty\n"),
        (("--allow-principal", "User:bad\x1bname", "--topic", "t"),
         "Error: invalid ACL: the principal's name is invalid: it contains a control character\n"),
        (("--allow-principal", "User:alice", "--topic", "t", "--actor", ""), "Error: invalid actor name: it is empty\n"),
    ]
    for args, message in refusals:
        result = run_authctl(tmp_path, "acl", "add", *args)
        assert (result.returncode, result.stdout, result.stderr) == (1, "", message)
    assert (acls(tmp_path), admin_changes(tmp_path)) == before
