"""`authctl apply -f` and `authctl diff -f` with a `quotas:` section: Kafka's
client quotas declared per user or address (or <default>), made exactly the
files' once any file mentions quotas, left alone otherwise; drift shown with
old and new values; bad values and repeats refused with file:line:column and
nothing changed. Also `authctl quota` itself: set, list, remove and its errors."""
import json
import sqlite3
import subprocess
import textwrap

import pytest

from gateway_fixtures import AUTHCTL, authctl

POLICY = """\
    quotas:
      - user: alice
        producer_byte_rate: 1048576
        consumer_byte_rate: 2097152
        request_percentage: 50
      - user: <default>
        producer_byte_rate: 524288
      - ip: 10.0.0.1
        connection_creation_rate: 20
      - ip: <default>
        connection_creation_rate: 5
    """


def run_authctl(data_dir, *args, cwd=None):
    return subprocess.run([str(AUTHCTL), *args, "--data-dir", str(data_dir)],
                          capture_output=True, text=True, timeout=60, cwd=cwd)


def write(directory, name, text):
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def quotas(data_dir):
    return json.loads(authctl(data_dir, "quota", "list", "--output", "json"))


def admin_changes(data_dir):
    with sqlite3.connect(data_dir / "policy" / "policy.sqlite") as db:
        return db.execute("SELECT actor, action, subject, details FROM admin_changes ORDER BY id").fetchall()


def test_quotas_apply_then_show_no_drift(tmp_path):
    data = tmp_path / "data"
    policy = write(tmp_path, "policy/quotas.yaml", POLICY)
    out = authctl(data, "apply", "-f", str(policy), "--actor", "gitops")
    assert out.splitlines() == [
        "+ quota ip=<default> connection_creation_rate: 5",
        "+ quota ip=10.0.0.1 connection_creation_rate: 20",
        "+ quota user=<default> producer_byte_rate: 524288",
        "+ quota user=alice consumer_byte_rate: 2097152",
        "+ quota user=alice producer_byte_rate: 1048576",
        "+ quota user=alice request_percentage: 50",
        "applied: 6 added, 0 changed, 0 removed",
    ]
    assert quotas(data) == [
        {"entityType": "ip", "entityName": None, "values": {"connection_creation_rate": 5}},
        {"entityType": "ip", "entityName": "10.0.0.1", "values": {"connection_creation_rate": 20}},
        {"entityType": "user", "entityName": None, "values": {"producer_byte_rate": 524288}},
        {"entityType": "user", "entityName": "alice",
         "values": {"consumer_byte_rate": 2097152, "producer_byte_rate": 1048576, "request_percentage": 50}},
    ]
    assert {(a, b, c) for a, b, c, _ in admin_changes(data)} == {
        ("gitops", "quota.set", "ip=<default>"), ("gitops", "quota.set", "ip=10.0.0.1"),
        ("gitops", "quota.set", "user=<default>"), ("gitops", "quota.set", "user=alice"),
    }
    count = len(admin_changes(data))
    assert authctl(data, "apply", "-f", str(policy)) == "nothing to change: the store matches the files\n"
    assert run_authctl(data, "diff", "-f", str(policy)).returncode == 0
    assert len(admin_changes(data)) == count


def test_drift_made_by_hand_is_shown_and_undone(tmp_path):
    data = tmp_path / "data"
    policy = write(tmp_path, "policy/quotas.yaml", POLICY)
    authctl(data, "apply", "-f", str(policy))
    authctl(data, "quota", "set", "--user", "alice", "--producer-byte-rate", "1024")
    authctl(data, "quota", "remove", "--ip", "10.0.0.1")
    authctl(data, "quota", "set", "--user", "mallory", "--request-percentage", "99.5")

    expected = [
        "+ quota ip=10.0.0.1 connection_creation_rate: 20",
        "~ quota user=alice producer_byte_rate: 1024 -> 1048576",
        "- quota user=mallory request_percentage: 99.5",
    ]
    diff = run_authctl(data, "diff", "-f", str(policy))
    assert (diff.returncode, diff.stderr) == (1, "")
    assert diff.stdout.splitlines() == expected + ["drift: 1 to add, 1 to change, 1 to remove"]
    applied = authctl(data, "apply", "-f", str(policy), "--actor", "ci-bot")
    assert applied.splitlines() == expected + ["applied: 1 added, 1 changed, 1 removed"]
    assert admin_changes(data)[-3:] == [
        ("ci-bot", "quota.set", "ip=10.0.0.1", '{"key":"connection_creation_rate","new":20}'),
        ("ci-bot", "quota.set", "user=alice", '{"key":"producer_byte_rate","new":1048576,"old":1024}'),
        ("ci-bot", "quota.remove", "user=mallory", '{"key":"request_percentage","old":99.5}'),
    ]


def test_quotas_are_left_alone_when_no_file_mentions_them_and_cleared_by_an_empty_list(tmp_path):
    data = tmp_path / "data"
    authctl(data, "quota", "set", "--user", "alice", "--producer-byte-rate", "1024")
    users_only = write(tmp_path, "users/users.yaml", "users:\n  - name: bob\n")
    assert authctl(data, "apply", "-f", str(users_only)).splitlines() == ["+ user User:bob (enabled)", "applied: 1 added, 0 changed, 0 removed"]
    assert len(quotas(data)) == 1
    empty = write(tmp_path, "empty/quotas.yaml", "quotas: []\n")
    assert authctl(data, "apply", "-f", str(empty)).splitlines() == [
        "- quota user=alice producer_byte_rate: 1024", "applied: 0 added, 0 changed, 1 removed",
    ]
    assert quotas(data) == []


INVALID = [
    pytest.param("quotas:\n  - user: alice\n    producer_byte_rate: -5\n",
                 ["bad.yaml:3:25: producer_byte_rate must be above zero, not -5.0"], id="negative"),
    pytest.param("quotas:\n  - user: alice\n    producer_byte_rate: 10.5\n",
                 ["bad.yaml:3:25: producer_byte_rate must be a whole number, not 10.5"], id="fraction"),
    pytest.param("quotas:\n  - user: alice\n    producer_byte_rate: fast\n",
                 ["bad.yaml:3:25: 'producer_byte_rate': 'fast' is not a number"], id="not a number"),
    pytest.param("quotas:\n  - user: alice\n    connection_creation_rate: 5\n",
                 ["bad.yaml:3:31: connection_creation_rate is not a quota of user entities; give producer_byte_rate, "
                  "consumer_byte_rate, request_percentage"], id="key of another type"),
    pytest.param("quotas:\n  - user: alice\n    producer_byte_rat: 5\n",
                 ["bad.yaml:2:5: a quota of user=alice needs at least one value: producer_byte_rate, consumer_byte_rate, "
                  "request_percentage",
                  "bad.yaml:3:5: unknown key 'producer_byte_rat' in a quota; did you mean 'producer_byte_rate'?"], id="misspelt key"),
    pytest.param("quotas:\n  - {user: alice, ip: 10.0.0.1, producer_byte_rate: 5}\n",
                 ["bad.yaml:2:5: a quota names exactly one of 'user' (a user's name or <default>) or 'ip' "
                  "(an address or <default>)"], id="two entities"),
    pytest.param("quotas:\n  - {ip: gateway.example.com, connection_creation_rate: 5}\n",
                 ["bad.yaml:2:10: 'ip': 'gateway.example.com' is not an IPv4 or IPv6 address"], id="not an address"),
    pytest.param("quotas:\n  - {user: 'User:alice', producer_byte_rate: 5}\n",
                 ["bad.yaml:2:12: 'user': give the name without User: ('alice')"], id="user prefix"),
    pytest.param("quotas:\n  - {user: alice, producer_byte_rate: 5}\n  - {user: alice, producer_byte_rate: 6}\n",
                 ["bad.yaml:3:39: producer_byte_rate of user=alice is declared already at bad.yaml:2:39"], id="duplicate"),
]


@pytest.mark.parametrize("text, problems", INVALID)
def test_an_invalid_quota_is_refused_with_its_place_and_changes_nothing(tmp_path, text, problems):
    data = tmp_path / "data"
    authctl(data, "quota", "set", "--user", "alice", "--producer-byte-rate", "1024")
    before = quotas(data)
    (tmp_path / "bad.yaml").write_text(text)
    for command, status in (("apply", 1), ("diff", 2)):
        result = run_authctl(data, command, "-f", "bad.yaml", cwd=tmp_path)
        assert (result.returncode, result.stdout) == (status, ""), result.stderr
        count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        assert result.stderr == f"Error: {count} in the policy files; nothing was changed:\n" + "\n".join(problems) + "\n"
    assert quotas(data) == before


def test_quota_commands_and_their_errors(tmp_path):
    data = tmp_path / "data"
    out = authctl(data, "quota", "set", "--user", "not-yet-a-user", "--producer-byte-rate", "1048576", "--request-percentage", "25")
    assert out.splitlines()[-2:] == [
        "set user=not-yet-a-user producer_byte_rate: (none) → 1048576",
        "set user=not-yet-a-user request_percentage: (none) → 25",
    ]
    assert "nothing changed" in authctl(data, "quota", "set", "--user", "not-yet-a-user", "--producer-byte-rate", "1048576")
    authctl(data, "quota", "set", "--ip", "2001:DB8::1", "--connection-creation-rate", "3")
    table = authctl(data, "quota", "list").splitlines()
    assert table[0].split() == ["TYPE", "ENTITY", "KEY", "VALUE"]
    assert [line.split() for line in table[1:]] == [
        ["ip", "2001:db8::1", "connection_creation_rate", "3"],
        ["user", "not-yet-a-user", "producer_byte_rate", "1048576"],
        ["user", "not-yet-a-user", "request_percentage", "25"],
    ]
    assert authctl(data, "quota", "remove", "--user", "not-yet-a-user", "--request-percentage").strip() == \
        "removed user=not-yet-a-user request_percentage: 25 → (none)"

    refused = [
        (["set", "--user", "alice", "--producer-byte-rate", "0"], "producer_byte_rate must be above zero"),
        (["set", "--user", "alice", "--producer-byte-rate", "1.5"], "producer_byte_rate must be a whole number"),
        (["set", "--user", "alice", "--producer-byte-rate", "lots"], "'lots' is not a number"),
        (["set", "--user", "alice", "--connection-creation-rate", "5"], "--connection-creation-rate is not a quota of user entities"),
        (["set", "--ip", "10.0.0.1", "--producer-byte-rate", "5"], "--producer-byte-rate is not a quota of ip entities"),
        (["set", "--ip", "example.com", "--connection-creation-rate", "5"], "--ip example.com is not an IPv4 or IPv6 address"),
        (["set", "--user", "alice"], "give a value to set: --producer-byte-rate, --consumer-byte-rate, --request-percentage"),
        (["set", "--producer-byte-rate", "5"], "say whose quota"),
        (["set", "--user", "a", "--default-user", "--producer-byte-rate", "5"], "not several"),
        (["remove", "--user", "nobody"], "user=nobody has no quota to remove"),
    ]
    for arguments, message in refused:
        result = run_authctl(data, "quota", *arguments)
        assert result.returncode != 0 and message in result.stderr, (arguments, result.stderr)
    assert len(quotas(data)) == 2
