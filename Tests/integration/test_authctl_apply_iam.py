"""`authctl apply -f` and `diff -f` for IAM, by the real binary on a real policy
store: policy documents from iam/*.json (named after the file), users and roles
with their attachments from the YAML `iam:` key, created in one transaction with
the rest; a second apply changes and records nothing; diff shows drift made by
hand; a policy attached to an undeclared identity is kept; an invalid document
is refused with its file and statement, and nothing changes."""
import json
import sqlite3

from gateway_fixtures import authctl
from test_authctl_apply import EXAMPLE, admin_changes, run_authctl, write
from test_authctl_check_iam import ORDERS_WRITER, WRITE_ONLY

ALICE = "arn:aws:iam::000000000000:user/alice"


def iam_state(data_dir):
    """Every policy with its document and attachments, and the IAM users and roles, from the store file."""
    with sqlite3.connect(data_dir / "policy" / "policy.sqlite") as db:
        policies = dict(db.execute("SELECT name, document FROM iam_policies"))
        attachments = set(db.execute("SELECT policy_name, COALESCE('user/' || user_name, 'role/' || role_name) FROM iam_policy_attachments"))
        users = {name for (name,) in db.execute("SELECT name FROM iam_users")}
        roles = {name for (name,) in db.execute("SELECT name FROM iam_roles")}
    return policies, attachments, users, roles


def policy_dir(tmp_path, documents, yaml):
    directory = tmp_path / "policy"
    for name, document in documents.items():
        write(directory, f"iam/{name}.json", json.dumps(document, indent=2))
    write(directory, "iam.yaml", yaml)
    return directory


YAML = """\
iam:
  users:
    - {name: alice, policies: [orders-writer, write-only]}
  roles:
    - name: batch
      policies: [orders-writer]
"""


def test_the_example_declares_iam_and_check_answers_from_it(tmp_path, monkeypatch):
    data = tmp_path / "data"
    out = authctl(data, "apply", "-f", str(EXAMPLE), "--actor", "gitops")
    assert [line for line in out.splitlines() if "iam" in line] == [
        "+ iam user orders-app",
        "+ iam role orders-batch",
        "+ iam policy orders-writer",
        "+ iam attachment orders-writer to user/orders-app",
        "+ iam attachment orders-writer to role/orders-batch",
    ]
    policies, attachments, _, _ = iam_state(data)
    assert json.loads(policies["orders-writer"]) == json.loads((EXAMPLE / "iam" / "orders-writer.json").read_text())
    assert run_authctl(data, "diff", "-f", str(EXAMPLE)).returncode == 0
    result = run_authctl(data, "check", "--principal", "arn:aws:iam::000000000000:user/orders-app",
                         "--action", "kafka-cluster:WriteData", "--topic", "orders", "--host", "10.1.2.3")
    assert result.returncode == 0
    assert result.stdout.splitlines()[1] == "  iam-policy: IAM policy orders-writer statement WriteOrders allows kafka-cluster:WriteData"


def test_apply_creates_policies_and_attachments_and_a_second_apply_changes_nothing(tmp_path):
    data = tmp_path / "data"
    directory = policy_dir(tmp_path, {"orders-writer": ORDERS_WRITER, "write-only": WRITE_ONLY}, YAML)
    out = authctl(data, "apply", "-f", str(directory), "--actor", "gitops")
    assert out.splitlines() == [
        "+ iam user alice",
        "+ iam role batch",
        "+ iam policy orders-writer",
        "+ iam policy write-only",
        "+ iam attachment orders-writer to user/alice",
        "+ iam attachment orders-writer to role/batch",
        "+ iam attachment write-only to user/alice",
        "applied: 7 added, 0 changed, 0 removed",
    ]
    policies, attachments, users, roles = iam_state(data)
    assert set(policies) == {"orders-writer", "write-only"}
    assert policies["write-only"] == (directory / "iam" / "write-only.json").read_text(), "stored as written"
    assert attachments == {("orders-writer", "user/alice"), ("orders-writer", "role/batch"), ("write-only", "user/alice")}
    assert (users, roles) == ({"alice"}, {"batch"})
    assert [(a, s) for _, a, s, _ in admin_changes(data)] == [
        ("iam-user.add", "iam-user/alice"), ("iam-role.add", "iam-role/batch"),
        ("iam-policy.put", "iam-policy/orders-writer"), ("iam-policy.put", "iam-policy/write-only"),
        ("iam-policy.attach", "iam-policy/orders-writer"), ("iam-policy.attach", "iam-policy/orders-writer"),
        ("iam-policy.attach", "iam-policy/write-only"),
    ]

    before = (iam_state(data), len(admin_changes(data)))
    assert authctl(data, "apply", "-f", str(directory)) == "nothing to change: the store matches the files\n"
    assert (iam_state(data), len(admin_changes(data))) == before
    diff = run_authctl(data, "diff", "-f", str(directory))
    assert (diff.returncode, diff.stdout) == (0, "no drift: the store matches the files\n")


def test_diff_shows_drift_made_by_hand_and_apply_removes_it(tmp_path):
    data = tmp_path / "data"
    directory = policy_dir(tmp_path, {"orders-writer": ORDERS_WRITER, "write-only": WRITE_ONLY}, YAML)
    authctl(data, "apply", "-f", str(directory))
    authctl(data, "iam", "policy", "put", "orders-writer", "--file", str(directory / "iam" / "write-only.json"))
    authctl(data, "iam", "policy", "detach", "write-only", "--user", "alice")
    authctl(data, "iam", "policy", "put", "extra", "--file", str(directory / "iam" / "write-only.json"))
    authctl(data, "iam", "policy", "attach", "extra", "--role", "batch")

    expected = [
        "~ iam policy orders-writer: document differs from iam/orders-writer.json",
        "- iam attachment extra to role/batch",
        "+ iam attachment write-only to user/alice",
        "- iam policy extra",
    ]
    diff = run_authctl(data, "diff", "-f", str(directory))
    assert (diff.returncode, diff.stderr) == (1, "")
    assert diff.stdout.splitlines() == expected + ["drift: 1 to add, 1 to change, 2 to remove"]
    applied = authctl(data, "apply", "-f", str(directory), "--actor", "ci-bot")
    assert applied.splitlines() == expected + ["applied: 1 added, 1 changed, 2 removed"]
    assert [(actor, action) for actor, action, _, _ in admin_changes(data)[-4:]] == [
        ("ci-bot", "iam-policy.put"), ("ci-bot", "iam-policy.detach"), ("ci-bot", "iam-policy.attach"), ("ci-bot", "iam-policy.remove"),
    ]
    policies, _, _, _ = iam_state(data)
    assert json.loads(policies["orders-writer"]) == ORDERS_WRITER
    assert run_authctl(data, "diff", "-f", str(directory)).returncode == 0


def test_a_policy_attached_to_an_undeclared_identity_is_kept(tmp_path):
    data = tmp_path / "data"
    directory = policy_dir(tmp_path, {"orders-writer": ORDERS_WRITER, "write-only": WRITE_ONLY}, YAML)
    authctl(data, "apply", "-f", str(directory))
    authctl(data, "iam", "user", "add", "hand-made")
    authctl(data, "iam", "policy", "put", "by-hand", "--file", str(directory / "iam" / "write-only.json"))
    authctl(data, "iam", "policy", "attach", "by-hand", "--user", "hand-made")
    authctl(data, "iam", "policy", "attach", "write-only", "--user", "hand-made")

    note = "= iam policy by-hand kept: no iam/by-hand.json, but attached to user/hand-made, which the files do not declare"
    diff = run_authctl(data, "diff", "-f", str(directory))
    assert (diff.returncode, diff.stdout) == (0, f"{note}\nno drift: the store matches the files\n")
    assert authctl(data, "apply", "-f", str(directory)) == f"{note}\nnothing to change: the store matches the files\n"
    _, attachments, users, _ = iam_state(data)
    assert {("by-hand", "user/hand-made"), ("write-only", "user/hand-made")} <= attachments
    assert "hand-made" in users


BAD = {"Version": "2012-10-17",
       "Statement": [{"Sid": "Fine", "Effect": "Allow", "Action": "kafka-cluster:Connect", "Resource": "*"},
                     {"Sid": "Open", "Effect": "Allow", "Action": "kafka-cluster:WriteDta", "Resource": "*"}]}


def test_a_bad_document_is_refused_with_its_file_and_statement_and_nothing_changes(tmp_path):
    data = tmp_path / "data"
    directory = policy_dir(tmp_path, {"orders-writer": ORDERS_WRITER, "write-only": WRITE_ONLY}, YAML)
    authctl(data, "apply", "-f", str(directory))
    before = (iam_state(data), len(admin_changes(data)))

    write(directory, "iam/bad.json", json.dumps(BAD, indent=2))
    write(directory, "iam/broken.json", '{\n  "Version": "2012-10-17",\n  "Statement": [}\n')
    write(directory, "iam.yaml", YAML.replace("[orders-writer, write-only]", "[orders-writer, write-only, bad, missing]"))
    for command, status in (("apply", 1), ("diff", 2)):
        result = run_authctl(data, command, "-f", "policy", cwd=tmp_path)
        assert (result.returncode, result.stdout) == (status, ""), result.stderr
        lines = result.stderr.splitlines()
        assert lines[0] == "Error: 3 problems in the policy files; nothing was changed:"
        assert lines[1] == "policy/iam.yaml:3:7: alice is attached to policy missing, which no iam/missing.json declares"
        assert lines[2].startswith("policy/iam/bad.json:1:1: policy bad is not a valid IAM policy document: ")
        assert "Open" in lines[2] and "kafka-cluster:WriteDta" in lines[2]
        assert lines[3].startswith("policy/iam/broken.json:3:17: policy broken is not a valid IAM policy document: ")
    assert (iam_state(data), len(admin_changes(data))) == before


def test_without_an_iam_directory_documents_are_left_alone(tmp_path):
    data = tmp_path / "data"
    (tmp_path / "p.json").write_text(json.dumps(WRITE_ONLY))
    authctl(data, "iam", "policy", "put", "by-hand", "--file", str(tmp_path / "p.json"))
    only_yaml = write(tmp_path, "only/iam.yaml", "iam:\n  users:\n    - {name: alice, policies: [by-hand]}\n")
    assert authctl(data, "apply", "-f", str(only_yaml)).splitlines() == [
        "+ iam user alice", "+ iam attachment by-hand to user/alice", "applied: 2 added, 0 changed, 0 removed"]
    missing = write(tmp_path, "only/iam.yaml", "iam:\n  users:\n    - {name: alice, policies: [nope]}\n")
    result = run_authctl(data, "apply", "-f", str(missing))
    assert (result.returncode, result.stderr) == (1, "Error: no IAM policy nope\n")
    assert iam_state(data)[1] == {("by-hand", "user/alice")}
    refused = run_authctl(data, "apply", "-f", str(write(tmp_path, "only/iam.yaml", "iam:\n  users:\n    - {name: alice}\n")))
    assert refused.returncode == 1 and "an IAM user needs the key 'policies'" in refused.stderr
