"""`authctl apply -f` and `authctl diff -f`: declarative YAML policy (users, ACLs,
network rules) applied to a real policy store by the real binary. The example in
policies/ applies and then shows no drift; a second apply records nothing; drift
made by hand is shown and undone; invalid files are refused with file:line:column
and change nothing, even when only one entry of many is wrong."""
import getpass
import json
import pathlib
import sqlite3
import textwrap

import subprocess

import pytest

from gateway_fixtures import AUTHCTL, authctl

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "policies"


def run_authctl(data_dir, *args, cwd=None, stdin=None):
    """`authctl ARGS --data-dir DATA_DIR` run in `cwd`, whatever its outcome."""
    return subprocess.run([str(AUTHCTL), *args, "--data-dir", str(data_dir)],
                          input=stdin, capture_output=True, text=True, timeout=60, cwd=cwd)


def write(directory, name, text):
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def admin_changes(data_dir):
    """(actor, action, subject, details) of every recorded change, oldest first."""
    with sqlite3.connect(data_dir / "policy" / "policy.sqlite") as db:
        return db.execute("SELECT actor, action, subject, details FROM admin_changes ORDER BY id").fetchall()


def store_state(data_dir):
    """Everything apply may change, as the listing commands report it, and the record's length."""
    return (json.loads(authctl(data_dir, "user", "list", "--json")),
            json.loads(authctl(data_dir, "acl", "list", "--output", "json")),
            json.loads(authctl(data_dir, "net", "list", "--output", "json")),
            len(admin_changes(data_dir)))


def acl_tuples(data_dir):
    return {(a["resourceType"], a["patternType"], a["resourceName"], a["principal"], a["host"], a["operation"], a["permission"])
            for a in json.loads(authctl(data_dir, "acl", "list", "--output", "json"))}


def test_the_example_applies_and_then_shows_no_drift(tmp_path):
    data = tmp_path / "data"
    out = authctl(data, "apply", "-f", str(EXAMPLE), "--actor", "gitops")
    assert out.splitlines()[:4] == [
        "+ user User:analytics (enabled)",
        "+ user User:legacy-batch (disabled)",
        "+ user User:orders-service (enabled)",
        "+ user User:platform-admin (enabled, super user)",
    ]
    assert out.splitlines()[-1] == "applied: 21 added, 0 changed, 0 removed"  # 16 + the IAM example (test_authctl_apply_iam.py)

    users = {u["name"]: (u["enabled"], u["superUser"]) for u in json.loads(authctl(data, "user", "list", "--json"))}
    assert users == {"analytics": (True, False), "legacy-batch": (False, False),
                     "orders-service": (True, False), "platform-admin": (True, True)}
    assert acl_tuples(data) == {
        ("Topic", "LITERAL", "orders", "User:orders-service", "*", operation, "ALLOW")
        for operation in ("Write", "Describe", "Create")
    } | {
        ("Cluster", "LITERAL", "kafka-cluster", "User:orders-service", "*", "IdempotentWrite", "ALLOW"),
        ("Topic", "PREFIXED", "orders", "User:analytics", "*", "Read", "ALLOW"),
        ("Topic", "PREFIXED", "orders", "User:analytics", "*", "Describe", "ALLOW"),
        ("Group", "PREFIXED", "analytics-", "User:analytics", "*", "Read", "ALLOW"),
        ("Topic", "LITERAL", "payroll", "User:*", "10.99.0.1", "All", "DENY"),
        ("Topic", "LITERAL", "payroll", "User:*", "2001:db8::99", "All", "DENY"),
    }
    assert json.loads(authctl(data, "net", "list", "--output", "json")) == [
        {"topic": "orders", "patternType": "LITERAL", "cidr": "10.0.0.0/8", "operations": ["All"]},
        {"topic": "orders", "patternType": "LITERAL", "cidr": "2001:db8::/32", "operations": ["All"]},
        {"topic": "payroll", "patternType": "PREFIXED", "cidr": "10.20.0.0/16", "operations": ["Read", "Write"]},
    ]
    changes = admin_changes(data)
    assert len(changes) == 22  # 4 users (one also disabled), 9 ACLs, 3 network rules, IAM: user, role, policy, 2 attachments
    assert {actor for actor, *_ in changes} == {"gitops"}

    diff = run_authctl(data, "diff", "-f", str(EXAMPLE))
    assert (diff.returncode, diff.stdout, diff.stderr) == (0, "no drift: the store matches the files\n", "")


def test_a_second_apply_changes_and_records_nothing(tmp_path):
    authctl(tmp_path, "apply", "-f", str(EXAMPLE))
    before = store_state(tmp_path)
    assert authctl(tmp_path, "apply", "-f", str(EXAMPLE)) == "nothing to change: the store matches the files\n"
    assert store_state(tmp_path) == before


def test_drift_made_by_hand_is_shown_by_diff_and_removed_by_apply(tmp_path):
    authctl(tmp_path, "apply", "-f", str(EXAMPLE))
    authctl(tmp_path, "acl", "add", "--allow-principal", "User:mallory", "--topic", "orders")
    authctl(tmp_path, "net", "remove", "--topic", "orders", "--cidr", "10.0.0.0/8")
    authctl(tmp_path, "user", "disable", "analytics")
    authctl(tmp_path, "user", "add", "hand-made")  # unlisted users are left alone

    expected = [
        "~ user User:analytics: enabled: false -> true",
        "- acl Topic:LITERAL:orders: User:mallory has ALLOW permission for operations: All from hosts: *",
        "+ network rule Topic:LITERAL:orders from 10.0.0.0/8 for All",
    ]
    diff = run_authctl(tmp_path, "diff", "-f", str(EXAMPLE))
    assert (diff.returncode, diff.stderr) == (1, "")
    assert diff.stdout.splitlines() == expected + ["drift: 1 to add, 1 to change, 1 to remove"]

    applied = authctl(tmp_path, "apply", "-f", str(EXAMPLE), "--actor", "ci-bot")
    assert applied.splitlines() == expected + ["applied: 1 added, 1 changed, 1 removed"]
    assert admin_changes(tmp_path)[-3:] == [
        ("ci-bot", "user.enable", "User:analytics", "{}"),
        ("ci-bot", "acl.remove", "Topic:LITERAL:orders",
         '{"host":"*","operation":"All","permission":"ALLOW","principal":"User:mallory"}'),
        ("ci-bot", "network-rule.add", "Topic:LITERAL:orders", '{"cidr":"10.0.0.0/8","operations":["All"]}'),
    ]
    assert run_authctl(tmp_path, "diff", "-f", str(EXAMPLE)).returncode == 0
    assert "hand-made" in {u["name"] for u in json.loads(authctl(tmp_path, "user", "list", "--json"))}


def test_users_are_updated_and_removed_only_when_the_files_say_so(tmp_path):
    authctl(tmp_path, "user", "add", "alice")
    authctl(tmp_path, "user", "add", "bob")
    authctl(tmp_path, "scram", "set", "bob", "--mechanism", "SCRAM-SHA-256", "--password-stdin", stdin="a password\n")
    users = write(tmp_path, "policy/users.yaml", """\
        users:
          - name: alice
            superUser: true
        """)
    assert authctl(tmp_path, "apply", "-f", str(users)) == \
        "~ user User:alice: superUser: false -> true\napplied: 0 added, 1 changed, 0 removed\n"
    assert admin_changes(tmp_path)[-1][1:] == ("user.set-super-user", "User:alice", '{"superUser":true}')

    # removeUnlistedUsers may sit in another file of the set, once.
    write(tmp_path, "policy/exhaustive.yml", "removeUnlistedUsers: true\n")
    write(tmp_path, "elsewhere/again.yaml", "removeUnlistedUsers: false\n")
    twice = run_authctl(tmp_path, "diff", "-f", str(tmp_path / "policy"), "-f", str(tmp_path / "elsewhere"))
    assert (twice.returncode, twice.stderr.splitlines()[1:]) == \
        (2, [f"{tmp_path}/elsewhere/again.yaml:1:22: removeUnlistedUsers is set already at {tmp_path}/policy/exhaustive.yml:1:22"])
    diff = run_authctl(tmp_path, "diff", "-f", str(tmp_path / "policy"))
    assert (diff.returncode, diff.stdout) == (1, "- user User:bob (and its credentials)\ndrift: 0 to add, 0 to change, 1 to remove\n")
    authctl(tmp_path, "apply", "-f", str(tmp_path / "policy"), "--actor", "gitops")
    assert [u["name"] for u in json.loads(authctl(tmp_path, "user", "list", "--json"))] == ["alice"]
    assert admin_changes(tmp_path)[-1] == ("gitops", "user.remove", "User:bob", '{"scramMechanisms":["SCRAM-SHA-256"]}')


def test_kinds_no_file_mentions_are_left_alone(tmp_path):
    authctl(tmp_path, "net", "allow", "--topic", "orders", "--cidr", "10.0.0.0/8")
    authctl(tmp_path, "acl", "add", "--allow-principal", "User:alice", "--operation", "Read", "--topic", "orders")
    only_acls = write(tmp_path, "acls.yaml", """\
        acls:
          - {principal: User:bob, permission: ALLOW, operations: [Read], topic: orders}
        """)
    out = authctl(tmp_path, "apply", "-f", str(only_acls), "--actor", "gitops")
    assert out.splitlines() == [
        "- acl Topic:LITERAL:orders: User:alice has ALLOW permission for operations: Read from hosts: *",
        "+ acl Topic:LITERAL:orders: User:bob has ALLOW permission for operations: Read from hosts: *",
        "applied: 1 added, 0 changed, 1 removed",
    ]
    assert len(json.loads(authctl(tmp_path, "net", "list", "--output", "json"))) == 1

    # An empty list does manage its kind: no network rules.
    none = write(tmp_path, "none.yaml", "networkRules: []\n")
    assert authctl(tmp_path, "apply", "-f", str(none)).splitlines()[-1] == "applied: 0 added, 0 changed, 1 removed"
    assert json.loads(authctl(tmp_path, "net", "list", "--output", "json")) == []
    assert len(acl_tuples(tmp_path)) == 1


def test_the_actor_defaults_to_the_os_user(tmp_path):
    authctl(tmp_path, "apply", "-f", str(EXAMPLE / "users.yaml"))
    assert {actor for actor, *_ in admin_changes(tmp_path)} == {getpass.getuser()}


ACL_HEAD = "acls:\n  - principal: User:alice\n    permission: ALLOW\n"

INVALID = [
    pytest.param(ACL_HEAD + "    operation: [Read]\n    topic: orders\n",
                 ["bad.yaml:2:5: an ACL needs the key 'operations'",
                  "bad.yaml:4:5: unknown key 'operation' in an ACL; did you mean 'operations'?"], id="unknown key"),
    pytest.param("users:\n  - name: alice\n    superuser: true\n    enabeld: false\n    admin: true\n",
                 ["bad.yaml:3:5: unknown key 'superuser' in a user; did you mean 'superUser'?",
                  "bad.yaml:4:5: unknown key 'enabeld' in a user; did you mean 'enabled'?",
                  "bad.yaml:5:5: unknown key 'admin' in a user; its keys are name, enabled, superUser"], id="misspelt keys"),
    pytest.param(ACL_HEAD + "    operations: Read\n    topic: orders\n",
                 ["bad.yaml:4:17: 'operations' must be a list, such as [a, b] or one '- item' per line"], id="wrong type"),
    pytest.param(ACL_HEAD + "    operations: [Read, Reed]\n    topic: orders\n",
                 ["bad.yaml:4:24: 'operations': not an operation; give one of All, Read, Write, Create, Delete, Alter, "
                  "Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite (any case)"], id="bad operation"),
    pytest.param(ACL_HEAD + "    operations: [IdempotentWrite]\n    topic: orders\n",
                 ["bad.yaml:2:5: IdempotentWrite is not an operation on Topic resources; give some of All, Read, Write, "
                  "Create, Delete, Alter, Describe, DescribeConfigs, AlterConfigs"], id="operation foreign to the resource"),
    pytest.param("acls:\n  - principal: alice\n    permission: ALLOW\n    operations: [Read]\n    topic: orders\n",
                 ["bad.yaml:2:16: 'principal': give User:NAME, or User:* for every user"], id="bad principal"),
    pytest.param(ACL_HEAD + "    operations: [Read]\n    hosts: [intranet]\n    topic: orders\n",
                 ["bad.yaml:5:13: 'hosts': give an IP address (ACLs match the client's address, not its name), "
                  "or * for every host"], id="bad host"),
    pytest.param(ACL_HEAD + "    operations: [Read]\n    topic: orders\n    group: readers\n",
                 ["bad.yaml:2:5: an ACL names exactly one resource: topic, group, transactionalId or cluster"], id="two resources"),
    pytest.param(ACL_HEAD + "    operations: [Alter]\n    cluster: my-cluster\n",
                 ["bad.yaml:2:5: the only valid name for the Cluster resource is kafka-cluster, not 'my-cluster'"], id="cluster name"),
    pytest.param("networkRules:\n  - topic: orders\n    cidrs: [10.0.0.1/8]\n",
                 ["bad.yaml:3:13: 'cidrs': '10.0.0.1/8' is not a CIDR block: bits past the prefix are set "
                  "(did you mean 10.0.0.0/8?)"], id="bad cidr"),
    pytest.param("networkRules:\n  - topic: orders\n    cidrs: [10.0.0.0/8]\n    operations: [Read, IdempotentWrite]\n",
                 ["bad.yaml:2:5: IdempotentWrite is not an operation on topics; give All or some of Read, Write, Create, "
                  "Delete, Alter, Describe, DescribeConfigs, AlterConfigs"], id="rule operation"),
    pytest.param("users:\n  - name: alice\n    enabled: yes\n",
                 ["bad.yaml:3:14: 'enabled' must be true or false"], id="yes is not a boolean"),
    pytest.param("users:\n  - name: ANONYMOUS\n",
                 ["bad.yaml:2:11: 'name': User:ANONYMOUS is reserved for clients that did not authenticate; choose another name"],
                 id="reserved user"),
    pytest.param("users:\n  - name: User:alice\n",
                 ["bad.yaml:2:11: 'name': give the name without User: ('alice')"], id="user prefix"),
    pytest.param("users:\n  - name: alice\n  - name: bob\n  - name: alice\n    superUser: true\n",
                 ["bad.yaml:4:5: User:alice is declared already at bad.yaml:2:5"], id="duplicate user"),
    pytest.param(ACL_HEAD + "    operations: [Read]\n    topic: orders\n"
                 "  - {principal: User:alice, permission: allow, operations: [read, write], topic: orders}\n",
                 ["bad.yaml:6:5: this ACL is declared already: (pattern=Topic:LITERAL:orders, entry=User:alice has ALLOW "
                  "permission for operations: Read from hosts: *) at bad.yaml:2:5"], id="duplicate acl"),
    pytest.param("acls: []\nusers: []\nacls: []\n",
                 ["bad.yaml:1:1: 'acls' appears more than once in one mapping; give each key once"], id="duplicate key"),
    pytest.param("acls:\n  - principal: User:alice\n    permission: [ALLOW\n",
                 ["bad.yaml:4:1: not valid YAML: did not find expected ',' or ']' "
                  "(while parsing a flow sequence at line 3, column 17)"], id="yaml syntax"),
    pytest.param("removeUnlistedUsers: true\nacls: []\n",
                 ["bad.yaml:1:22: removeUnlistedUsers: true needs a 'users' list; without one it would remove every user"],
                 id="exhaustive without users"),
    pytest.param("acls:\n  - &reader {principal: User:a, permission: ALLOW, operations: [Read], topic: t1}\n"
                 "  - <<: *reader\n    topic: t2\n",
                 ["bad.yaml:3:5: YAML merge keys (<<) are not supported: write the fields out",
                  "bad.yaml:3:5: an ACL needs the key 'principal'", "bad.yaml:3:5: an ACL needs the key 'permission'",
                  "bad.yaml:3:5: an ACL needs the key 'operations'"], id="merge key"),
    pytest.param("- acls: []\n",
                 ["bad.yaml:1:1: a policy file must be a mapping with the keys users, removeUnlistedUsers, acls, networkRules, quotas, iam"],
                 id="not a mapping"),
]


@pytest.mark.parametrize("text, problems", INVALID)
def test_an_invalid_file_is_refused_with_its_place_and_changes_nothing(tmp_path, text, problems):
    data = tmp_path / "data"
    authctl(data, "apply", "-f", str(EXAMPLE))
    before = store_state(data)
    (tmp_path / "bad.yaml").write_text(text)

    for command, status in (("apply", 1), ("diff", 2)):
        result = run_authctl(data, command, "-f", "bad.yaml", cwd=tmp_path)
        assert (result.returncode, result.stdout) == (status, ""), result.stderr
        count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        assert result.stderr == f"Error: {count} in the policy files; nothing was changed:\n" + "\n".join(problems) + "\n"
    assert store_state(data) == before


def test_every_problem_in_every_file_is_reported_in_reading_order(tmp_path):
    write(tmp_path, "policy/a.yaml", """\
        users:
          - name: alice
        acls:
          - {principal: User:alice, permission: ALLOW, operations: [Read], topic: orders, patternType: SUFFIXED}
        """)
    write(tmp_path, "policy/b.yaml", """\
        users:
          - name: alice
        networkRules:
          - {topic: orders, cidrs: [10.0.0.0/33]}
        """)
    result = run_authctl(tmp_path / "data", "apply", "-f", str(tmp_path / "policy"))
    policy = tmp_path / "policy"
    assert result.stderr.splitlines() == [
        "Error: 3 problems in the policy files; nothing was changed:",
        f"{policy}/a.yaml:4:96: 'patternType': give LITERAL (the exact name; * for every one) "
        "or PREFIXED (every name that starts with it)",
        f"{policy}/b.yaml:2:5: User:alice is declared already at {policy}/a.yaml:2:5",
        f"{policy}/b.yaml:4:29: 'cidrs': '10.0.0.0/33' is not a CIDR block: the prefix length is longer than 32",
    ]


def test_one_bad_entry_among_many_changes_nothing(tmp_path):
    """Atomicity: the good entries of a file set with one bad entry are not applied either."""
    data = tmp_path / "data"
    authctl(data, "acl", "add", "--allow-principal", "User:old", "--topic", "legacy")
    before = store_state(data)
    good = "".join(f"  - {{principal: User:app{n}, permission: ALLOW, operations: [Read, Write], topic: topic-{n}}}\n"
                   for n in range(50))
    write(tmp_path, "policy/10-users.yaml", "users:\n" + "".join(f"  - name: app{n}\n" for n in range(50)))
    write(tmp_path, "policy/20-acls.yaml", "acls:\n" + good + "  - {principal: User:app7, permission: ALOW, operations: [Read], topic: x}\n")
    write(tmp_path, "policy/30-net.yaml", "networkRules:\n  - {topic: topic-1, cidrs: [10.0.0.0/8]}\n")

    result = run_authctl(data, "apply", "-f", str(tmp_path / "policy"))
    assert result.returncode == 1
    assert result.stderr.splitlines()[1] == f"{tmp_path}/policy/20-acls.yaml:52:40: 'permission': give ALLOW or DENY"
    assert store_state(data) == before

    (tmp_path / "policy" / "20-acls.yaml").write_text("acls:\n" + good)
    assert authctl(data, "apply", "-f", str(tmp_path / "policy")).splitlines()[-1] == "applied: 151 added, 0 changed, 1 removed"


def test_files_and_directories_given_with_f(tmp_path):
    users = write(tmp_path, "one/users.yaml", "users: [{name: alice}]\n")
    write(tmp_path, "two/acls.yml", "acls: [{principal: User:alice, permission: ALLOW, operations: [Read], topic: t}]\n")
    write(tmp_path, "two/notes.txt", "not policy\n")
    write(tmp_path, "two/nested/more.yaml", "acls: {not: read}\n")
    out = authctl(tmp_path / "data", "apply", "-f", str(users), "-f", str(tmp_path / "two"))
    assert out.splitlines()[-1] == "applied: 2 added, 0 changed, 0 removed"

    (tmp_path / "empty").mkdir()
    write(tmp_path, "blank/empty.yaml", "# nothing yet\n")
    for path, message in ((tmp_path / "empty", f"Error: {tmp_path}/empty holds no *.yaml or *.yml file and no iam/ directory\n"),
                          (tmp_path / "missing", f"Error: {tmp_path}/missing: no such file or directory\n"),
                          (tmp_path / "blank", "Error: the files declare no users, acls, networkRules or iam, and there is no iam/ directory, so they manage nothing\n")):
        for command, status in (("apply", 1), ("diff", 2)):
            result = run_authctl(tmp_path / "data", command, "-f", str(path))
            assert (result.returncode, result.stdout, result.stderr) == (status, "", message), command
