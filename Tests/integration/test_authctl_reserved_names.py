"""`User:ANONYMOUS` is the principal of clients that did not authenticate, so
`authctl` makes nothing of that name: no user, no SCRAM credential, no client
certificate. Only that exact spelling is reserved, since Kafka's principal
names are case-sensitive."""
import json
import subprocess

from gateway_fixtures import AUTHCTL, authctl

RESERVED = "Error: User:ANONYMOUS is reserved for clients that did not authenticate; choose another name\n"


def run_authctl(data_dir, *args, stdin=None):
    """`authctl ARGS --data-dir DATA_DIR`, whatever its outcome."""
    return subprocess.run([str(AUTHCTL), *args, "--data-dir", str(data_dir)],
                          input=stdin, capture_output=True, text=True, timeout=60)


def test_nothing_can_be_made_for_anonymous(tmp_path):
    authctl(tmp_path, "ca", "init")
    attempts = [
        (("user", "add", "ANONYMOUS"), None),
        (("user", "add", "ANONYMOUS", "--super-user"), None),
        (("scram", "set", "ANONYMOUS", "--mechanism", "SCRAM-SHA-512", "--password-stdin"), "a password\n"),
        (("cert", "issue", "--principal", "ANONYMOUS", "--out", str(tmp_path / "certs")), None),
    ]
    for args, stdin in attempts:
        result = run_authctl(tmp_path, *args, stdin=stdin)
        assert (result.returncode, result.stdout, result.stderr) == (1, "", RESERVED), " ".join(args)
    assert json.loads(authctl(tmp_path, "user", "list", "--json")) == []
    assert not (tmp_path / "certs").exists()


def test_other_spellings_are_ordinary_names(tmp_path):
    authctl(tmp_path, "ca", "init")
    for name in ("anonymous", "Anonymous"):
        assert authctl(tmp_path, "user", "add", name) == f"added User:{name}\n"
        authctl(tmp_path, "scram", "set", name, "--mechanism", "SCRAM-SHA-512", "--password-stdin", stdin="a password\n")
        authctl(tmp_path, "cert", "issue", "--principal", name, "--out", str(tmp_path / "certs"))
        assert (tmp_path / "certs" / f"{name}.pem").exists()
    users = json.loads(authctl(tmp_path, "user", "list", "--json"))
    assert [(user["name"], user["scramMechanisms"]) for user in users] == [
        ("Anonymous", ["SCRAM-SHA-512"]), ("anonymous", ["SCRAM-SHA-512"])]
