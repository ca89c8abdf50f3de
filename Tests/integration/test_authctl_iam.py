"""`authctl iam` as the real binary on a real policy store and local KMS: users, access keys
(the secret printed once, stored only sealed), role sessions (STS-like JSON, expiry), policy
documents (checked before they are stored) and their attachments, and refusals that are one
line on stderr with exit status 1."""
import base64
import datetime
import json
import os
import re
import sqlite3

import pytest

from gateway_fixtures import AUTHCTL
from test_authctl_reserved_names import run_authctl

POLICY = {"Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Action": ["kafka-cluster:Connect"], "Resource": "*"}]}


@pytest.fixture
def iam_env(monkeypatch):
    """A root key for the local KMS in the environment, as an operator would set it."""
    monkeypatch.setenv("PORTCULLIS_ROOT_KEY", base64.b64encode(os.urandom(32)).decode())


def iam(data_dir, *args, stdin=None):
    """`authctl iam ARGS`; fails the test when it fails. Returns (stdout, stderr)."""
    assert AUTHCTL.exists(), f"{AUTHCTL} is missing: build with `swift build --product authctl` first"
    result = run_authctl(data_dir, "iam", *args, stdin=stdin)
    assert result.returncode == 0, f"authctl iam {' '.join(args)} failed ({result.returncode}):\n{result.stderr}"
    return result.stdout, result.stderr


def refused(data_dir, *args):
    """Runs a command that must fail: exit 1 and one line on stderr, nothing on stdout. Returns that line."""
    result = run_authctl(data_dir, "iam", *args)
    assert result.returncode == 1, result
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: "), result.stderr
    return result.stderr


def store_bytes(data_dir):
    """The policy database and its write-ahead log, as bytes."""
    policy = data_dir / "policy"
    return b"".join(path.read_bytes() for path in (policy / "policy.sqlite", policy / "policy.sqlite-wal") if path.exists())


def admin_changes(data_dir):
    with sqlite3.connect(data_dir / "policy" / "policy.sqlite") as db:
        return db.execute("SELECT action, subject, details FROM admin_changes ORDER BY id").fetchall()


def test_user_key_lifecycle(tmp_path, iam_env):
    out, _ = iam(tmp_path, "user", "add", "alice", "--account-id", "123456789012")
    assert out == "added IAM user arn:aws:iam::123456789012:user/alice\n"

    out, err = iam(tmp_path, "key", "create", "--user", "alice", "--output", "json")
    assert "created the KMS key alias/portcullis-iam" in err, "the sealing key is created on first use"
    created = json.loads(out)["AccessKey"]
    assert set(created) == {"UserName", "AccessKeyId", "Status", "SecretAccessKey", "CreateDate"}
    key_id, secret = created["AccessKeyId"], created["SecretAccessKey"]
    assert re.fullmatch(r"AKIA[A-Z2-7]{16}", key_id)
    assert re.fullmatch(r"[A-Za-z0-9+/]{40}", secret)
    assert (created["UserName"], created["Status"]) == ("alice", "Active")
    datetime.datetime.fromisoformat(created["CreateDate"])
    # The key exists now: a second key does not create it again.
    _, err = iam(tmp_path, "key", "create", "--user", "alice")
    assert "created the KMS key" not in err
    second_id = next(line.split()[0] for line in iam(tmp_path, "key", "list", "--user", "alice")[0].splitlines()
                     if line.startswith("AKIA") and key_id not in line)

    listed, _ = iam(tmp_path, "key", "list", "--user", "alice", "--output", "json")
    assert json.loads(listed)["AccessKeyMetadata"][0] == {
        "UserName": "alice", "AccessKeyId": key_id, "Status": "Active", "CreateDate": created["CreateDate"]}
    assert secret not in listed

    iam(tmp_path, "key", "disable", "--user", "alice", key_id)
    table, _ = iam(tmp_path, "key", "list")
    assert re.search(rf"^{key_id}\s+alice\s+Inactive\s", table, re.M), table
    assert secret not in table
    iam(tmp_path, "key", "enable", "--user", "alice", key_id)
    assert re.search(rf"^{key_id}\s+alice\s+Active\s", iam(tmp_path, "key", "list")[0], re.M)

    assert "already has 2 access keys" in refused(tmp_path, "key", "create", "--user", "alice")
    iam(tmp_path, "user", "add", "bob")
    assert "does not belong to IAM user bob" in refused(tmp_path, "key", "delete", "--user", "bob", key_id)
    iam(tmp_path, "key", "delete", "--user", "alice", key_id)
    remaining = json.loads(iam(tmp_path, "key", "list", "--output", "json")[0])["AccessKeyMetadata"]
    assert [k["AccessKeyId"] for k in remaining] == [second_id]

    assert secret.encode() not in store_bytes(tmp_path)
    actions = [action for action, _, _ in admin_changes(tmp_path)]
    assert actions == ["iam-user.add", "iam-key.create", "iam-key.create", "iam-key.disable", "iam-key.enable",
                       "iam-user.add", "iam-key.delete"]
    assert all(secret not in details for _, _, details in admin_changes(tmp_path))


def test_users_list_never_shows_secrets(tmp_path, iam_env):
    iam(tmp_path, "user", "add", "carol")
    secret = json.loads(iam(tmp_path, "key", "create", "--user", "carol", "--output", "json")[0])["AccessKey"]["SecretAccessKey"]
    for args in (("user", "list"), ("user", "list", "--output", "json"), ("key", "list"), ("key", "list", "--output", "json")):
        assert secret not in iam(tmp_path, *args)[0]
    users = json.loads(iam(tmp_path, "user", "list", "--output", "json")[0])["Users"]
    assert [(u["UserName"], u["Arn"], len(u["AccessKeyIds"])) for u in users] == [
        ("carol", "arn:aws:iam::000000000000:user/carol", 1)]
    assert secret.encode() not in store_bytes(tmp_path)


def test_session_issue_json_and_expiry(tmp_path, iam_env):
    iam(tmp_path, "role", "add", "reader")
    before = datetime.datetime.now(datetime.timezone.utc)
    out, _ = iam(tmp_path, "session", "issue", "--role", "reader", "--duration", "1h", "--session-name", "job-7",
                 "--output", "json", "--account-id", "111122223333")
    issued = json.loads(out)
    credentials, user = issued["Credentials"], issued["AssumedRoleUser"]
    assert set(credentials) == {"AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"}
    assert re.fullmatch(r"ASIA[A-Z2-7]{16}", credentials["AccessKeyId"])
    assert re.fullmatch(r"[A-Za-z0-9+/]{40}", credentials["SecretAccessKey"])
    assert len(base64.b64decode(credentials["SessionToken"])) >= 64
    expiration = datetime.datetime.fromisoformat(credentials["Expiration"].replace("Z", "+00:00"))
    assert datetime.timedelta(minutes=59) < expiration - before < datetime.timedelta(minutes=61)
    assert user == {"AssumedRoleId": "reader:job-7", "Arn": "arn:aws:sts::111122223333:assumed-role/reader/job-7"}

    # A default session name derived from the time; durations outside 1s-12h are refused.
    out, _ = iam(tmp_path, "session", "issue", "--role", "reader", "--duration", "15m", "--output", "json")
    assert re.fullmatch(r"arn:aws:sts::000000000000:assumed-role/reader/authctl-\d{8}T\d{6}Z",
                        json.loads(out)["AssumedRoleUser"]["Arn"])
    for duration in ("0s", "13h", "soon"):
        result = run_authctl(tmp_path, "iam", "session", "issue", "--role", "reader", "--duration", duration)
        assert result.returncode != 0 and result.stdout == "", duration
    assert "no IAM role writer" in refused(tmp_path, "session", "issue", "--role", "writer")

    sessions = json.loads(iam(tmp_path, "session", "list", "--output", "json")[0])["Sessions"]
    assert {s["RoleSessionName"] for s in sessions} == {"job-7"} | {s["RoleSessionName"] for s in sessions if s["RoleSessionName"].startswith("authctl-")}
    assert all(not s["Expired"] for s in sessions)
    listed = iam(tmp_path, "session", "list")[0]
    data = store_bytes(tmp_path)
    for secret in (credentials["SecretAccessKey"], credentials["SessionToken"]):
        assert secret not in listed
        assert secret.encode() not in data

    iam(tmp_path, "session", "revoke", credentials["AccessKeyId"])
    assert credentials["AccessKeyId"] not in iam(tmp_path, "session", "list")[0]
    out, _ = iam(tmp_path, "session", "purge")
    assert out == "removed 0 expired sessions\n"
    assert "revoked 1 session of IAM role reader" in iam(tmp_path, "session", "revoke", "--role", "reader")[0]


def test_policy_put_attach_detach_remove(tmp_path, iam_env):
    iam(tmp_path, "user", "add", "alice")
    iam(tmp_path, "role", "add", "reader")
    bad = tmp_path / "bad.json"
    for text in ("not json", "[1, 2]", '{"Statement": []}'):
        bad.write_text(text)
        assert "is not a valid IAM policy document" in refused(tmp_path, "policy", "put", "p", "--file", str(bad))
    assert "cannot read" in refused(tmp_path, "policy", "put", "p", "--file", str(tmp_path / "missing.json"))
    assert json.loads(iam(tmp_path, "policy", "list", "--output", "json")[0]) == {"Policies": []}

    good = tmp_path / "read.json"
    good.write_text(json.dumps(POLICY, indent=2))
    assert iam(tmp_path, "policy", "put", "read", "--file", str(good))[0] == "created IAM policy read\n"
    assert iam(tmp_path, "policy", "put", "read", "--file", str(good))[0] == "replaced IAM policy read\n"
    assert json.loads(iam(tmp_path, "policy", "show", "read")[0]) == POLICY

    assert iam(tmp_path, "policy", "attach", "read", "--user", "alice")[0] == "attached IAM policy read to user/alice\n"
    iam(tmp_path, "policy", "attach", "read", "--role", "reader")
    assert "already attached" in iam(tmp_path, "policy", "attach", "read", "--role", "reader")[0]
    policies = json.loads(iam(tmp_path, "policy", "list", "--output", "json")[0])["Policies"]
    assert [(p["PolicyName"], p["Arn"], p["AttachedTo"]) for p in policies] == [
        ("read", "arn:aws:iam::000000000000:policy/read", ["user/alice", "role/reader"])]
    assert "POLICIES" in iam(tmp_path, "user", "list")[0] and "read" in iam(tmp_path, "user", "list")[0]

    line = refused(tmp_path, "policy", "remove", "read")
    assert "is attached to user/alice, role/reader" in line
    iam(tmp_path, "policy", "detach", "read", "--user", "alice")
    assert "not attached to user/alice" in refused(tmp_path, "policy", "detach", "read", "--user", "alice")
    assert iam(tmp_path, "policy", "remove", "read", "--force")[0] == "removed IAM policy read\n"
    assert "no IAM policy read" in refused(tmp_path, "policy", "show", "read")
    assert [a for a, _, _ in admin_changes(tmp_path)][2:] == [
        "iam-policy.put", "iam-policy.put", "iam-policy.attach", "iam-policy.attach", "iam-policy.detach",
        "iam-policy.detach", "iam-policy.remove"]


def test_refusals_are_one_line(tmp_path, iam_env):
    assert refused(tmp_path, "user", "add", "bad/name") == (
        "Error: invalid name: IAM user name may hold only letters, digits and + = , . @ _ -\n")
    assert not (tmp_path / "policy").exists(), "a refused name creates no store"
    iam(tmp_path, "user", "add", "alice")
    assert refused(tmp_path, "user", "add", "alice") == "Error: IAM user alice already exists\n"
    assert refused(tmp_path, "key", "create", "--user", "nobody") == "Error: no IAM user nobody\n"
    assert refused(tmp_path, "key", "disable", "--user", "alice", "AKIAAAAAAAAAAAAAAAAA") == "Error: no access key AKIAAAAAAAAAAAAAAAAA\n"
    assert refused(tmp_path, "role", "remove", "reader") == "Error: no IAM role reader\n"


def test_a_missing_root_key_is_one_clear_line(tmp_path, monkeypatch):
    monkeypatch.delenv("PORTCULLIS_ROOT_KEY", raising=False)
    iam(tmp_path, "user", "add", "alice")
    line = refused(tmp_path, "key", "create", "--user", "alice")
    assert "root key" in line
    assert json.loads(iam(tmp_path, "key", "list", "--output", "json")[0]) == {"AccessKeyMetadata": []}
